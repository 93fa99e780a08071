import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';

/** Free text, stored as typed (original case kept, unlike PenhaS's lower-casing). */
export const textKind: ItemBehaviour<'text'> = {
  input: true,
  freeText: true,
  stepCode: (item) => item.code,
  render: (item, ctx) => [message(interpolate(item.text, ctx.responses))],
  answer: (item, value, responses) => ({
    kind: 'accepted',
    responses: { ...responses, [item.code]: value },
    chosen: null,
  }),
};

export const compileText: CompileQuestion<'text'> = (question, base, ref) => [
  { kind: 'text', ref: ref(), ...base, text: question.question },
];
