import { encodeChoice } from '../../choices.js';
import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';

/** One button per option; the chosen option's `value` is stored under the question code. */
export const onlychoiceKind: ItemBehaviour<'onlychoice'> = {
  input: true,
  freeText: false,
  stepCode: (item) => item.code,
  render: (item, ctx) => [
    message(
      interpolate(item.text, ctx.responses),
      item.options.map((option, index) => ({
        label: interpolate(option.label, ctx.responses),
        value: encodeChoice({ kind: 'answer', ref: item.ref, value: String(index) }),
      })),
    ),
  ],
  answer: (item, value, responses) => {
    const option = /^\d{1,6}$/.test(value) ? item.options[Number(value)] : undefined;
    if (!option) return { kind: 'invalid', error: null };
    return { kind: 'accepted', responses: { ...responses, [item.code]: option.value }, chosen: option.value };
  },
};

export const compileOnlychoice: CompileQuestion<'onlychoice'> = (question, base, ref) => [
  { kind: 'onlychoice', ref: ref(), ...base, text: question.question, options: question.options },
];
