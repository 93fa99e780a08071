import type { SystemLabels } from '../../bot.js';
import { encodeChoice } from '../../choices.js';
import type { MessageOption } from '../../messages.js';
import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';

export function yesNoOptions(ref: string, labels: SystemLabels): MessageOption[] {
  return [
    { label: labels.yes, value: encodeChoice({ kind: 'answer', ref, value: 'Y' }) },
    { label: labels.no, value: encodeChoice({ kind: 'answer', ref, value: 'N' }) },
  ];
}

export function isYesNo(value: string): value is 'Y' | 'N' {
  return value === 'Y' || value === 'N';
}

/** Yes/No buttons; stores `Y` or `N` under the question code. */
export const yesnoKind: ItemBehaviour<'yesno'> = {
  input: true,
  freeText: false,
  stepCode: (item) => item.code,
  render: (item, ctx) => [message(interpolate(item.text, ctx.responses), yesNoOptions(item.ref, ctx.labels))],
  answer: (item, value, responses) =>
    isYesNo(value)
      ? { kind: 'accepted', responses: { ...responses, [item.code]: value }, chosen: null }
      : { kind: 'invalid', error: null },
};

export const compileYesno: CompileQuestion<'yesno'> = (question, base, ref) => [
  { kind: 'yesno', ref: ref(), ...base, text: question.question },
];
