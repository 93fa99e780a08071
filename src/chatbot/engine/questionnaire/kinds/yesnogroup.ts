import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import { lookup, toNumber, toText } from '../../relevance/values.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';
import { isYesNo, yesNoOptions } from './yesno.js';

/**
 * One yes/no per group item, asked one at a time. As in PenhaS: the answer is stored under
 * `<code>_<referencia>` and `<code>_<power2answer>`, and `<code>` holds the sum of the
 * `power2answer` of the "yes" items (0 once any item is answered "no" first).
 */
export const yesnogroupItemKind: ItemBehaviour<'yesnogroup_item'> = {
  input: true,
  freeText: false,
  stepCode: (item) => `${item.code}_${item.referencia}`,
  render: (item, ctx) => [message(interpolate(item.text, ctx.responses), yesNoOptions(item.ref, ctx.labels))],
  answer: (item, value, responses) => {
    if (!isYesNo(value)) return { kind: 'invalid', error: null };
    const previous = lookup(responses, item.code);
    let sum: number;
    if (previous === null) {
      sum = value === 'Y' ? item.power2answer : 0;
    } else if (/^\d/.test(toText(previous))) {
      sum = toNumber(previous) + (value === 'Y' ? item.power2answer : 0);
    } else {
      return {
        kind: 'invalid',
        error: `Erro na configuração do questionário: '${item.code}' já tem um valor não numérico.`,
      };
    }
    return {
      kind: 'accepted',
      responses: {
        ...responses,
        [`${item.code}_${item.referencia}`]: value,
        [item.code]: sum,
        [`${item.code}_${item.power2answer}`]: value,
      },
      chosen: null,
    };
  },
};

export const compileYesnogroup: CompileQuestion<'yesnogroup'> = (question, base, ref) =>
  question.yesnogroup.map((entry) => ({
    kind: 'yesnogroup_item' as const,
    ref: ref(),
    ...base,
    text: entry.question,
    referencia: entry.referencia,
    power2answer: entry.power2answer,
  }));
