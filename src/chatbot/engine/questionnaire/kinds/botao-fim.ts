import { encodeChoice } from '../../choices.js';
import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';

/** The value an end button's answer is stored with (PenhaS's app posted `1`). */
export const END_BUTTON_VALUE = '1';

/**
 * End buttons. The flow decides what they do (flow/questionnaire.ts); here: how they look.
 * `finish` offers "back to start"; `restart` with a label offers that button (its answer);
 * `restart` without a label shows only its text, if any, and the flow restarts at once.
 */
export const botaoFimKind: ItemBehaviour<'botao_fim'> = {
  input: true,
  freeText: false,
  stepCode: (item) => item.code,
  render: (item, ctx) => {
    const text = interpolate(item.text, ctx.responses);
    if (item.end === 'finish') {
      return [
        message(text, [
          {
            label: item.button_label ?? ctx.labels.back_to_start,
            value: encodeChoice({ kind: 'back_to_start' }),
          },
        ]),
      ];
    }
    if (item.button_label === null) return text === '' ? [] : [message(text)];
    const value = encodeChoice({ kind: 'answer', ref: item.ref, value: END_BUTTON_VALUE });
    return [message(text, [{ label: item.button_label, value }])];
  },
  answer: (item, value, responses) =>
    value === END_BUTTON_VALUE
      ? { kind: 'accepted', responses: { ...responses, [item.code]: END_BUTTON_VALUE }, chosen: null }
      : { kind: 'invalid', error: null },
};

export const compileBotaoFim: CompileQuestion<'botao_fim'> = (question, base, ref) => [
  {
    kind: 'botao_fim',
    ref: ref(),
    ...base,
    text: question.question,
    end: question.end,
    button_label: question.button_label ?? null,
  },
];
