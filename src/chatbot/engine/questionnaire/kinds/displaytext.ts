import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';
import { NOT_AN_INPUT } from './kind.js';

function textOnly(text: string) {
  // PenhaS dropped non-button messages whose text is empty.
  return text === '' ? [] : [message(text)];
}

/** An intro text: shares its question's code and relevance; not a step of its own. */
export const introKind: ItemBehaviour<'intro'> = {
  input: false,
  freeText: false,
  stepCode: () => null,
  render: (item, ctx) => textOnly(interpolate(item.text, ctx.responses)),
  answer: () => NOT_AN_INPUT,
};

export const displaytextKind: ItemBehaviour<'displaytext'> = {
  input: false,
  freeText: false,
  stepCode: (item) => item.code,
  render: (item, ctx) => textOnly(interpolate(item.text, ctx.responses)),
  answer: () => NOT_AN_INPUT,
};

export const compileDisplaytext: CompileQuestion<'displaytext'> = (question, base, ref) => [
  { kind: 'displaytext', ref: ref(), ...base, text: question.question },
];
