import { message } from '../../messages.js';
import { interpolate } from '../../relevance/interpolate.js';
import { lookup, toText } from '../../relevance/values.js';
import { checkCep, nearWanted, RESULTS_HEADER } from '../cep.js';
import type { CompileQuestion, ItemBehaviour } from './kind.js';
import { NOT_AN_INPUT } from './kind.js';

/**
 * The CEP question: a typed CEP is checked here, then looked up by the host (a `lookup` effect,
 * resumed with `lookup_result`; see questionnaire/engine.ts), which stores `<code>` (the digits),
 * `human_address`, `latlng` and `cep_results`.
 */
export const cepAddressLookupKind: ItemBehaviour<'cep_address_lookup'> = {
  input: true,
  freeText: true,
  stepCode: (item) => item.code,
  render: (item, ctx) => [message(interpolate(item.text, ctx.responses))],
  answer: (_item, value) => {
    const checked = checkCep(value);
    return checked.ok ? { kind: 'lookup', cep: checked.cep } : { kind: 'invalid', error: checked.error };
  },
};

/** The results after a CEP question (same code and relevance): a header and one message each. */
export const cepResultsKind: ItemBehaviour<'cep_results'> = {
  input: false,
  freeText: false,
  stepCode: (item) => item.code,
  render: (_item, ctx) => {
    const lines = parseResults(toText(lookup(ctx.responses, 'cep_results')));
    if (lines.length === 0) return [];
    return [message(interpolate(RESULTS_HEADER, ctx.responses)), ...lines.map((line) => message(line))];
  },
  answer: () => NOT_AN_INPUT,
};

/** `cep_results` is a JSON array of strings, as PenhaS stored it. */
function parseResults(json: string): string[] {
  if (json === '') return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((line): line is string => typeof line === 'string') : [];
  } catch {
    return [];
  }
}

export const compileCepAddressLookup: CompileQuestion<'cep_address_lookup'> = (question, base, ref) => [
  { kind: 'cep_address_lookup', ref: ref(), ...base, text: question.question, ...nearWanted(question) },
  { kind: 'cep_results', ref: ref(), ...base },
];
