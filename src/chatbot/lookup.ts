import demoCeps from './demo/ceps.json' with { type: 'json' };
import type { LookupResult } from './engine/index.js';

/**
 * The CEP lookup port (docs/chatbot.md, "CEP lookup"): geocode a CEP and list the nearest support points. The
 * engine asks for it with a `lookup` effect; the host answers with `lookup_result`. Real providers
 * (Google, HERE, a CSV table) and the support-point directory arrive with the channels; until then
 * the simulator and the runtime use a table.
 */
export type CepLookup = (cep: string) => Promise<LookupResult>;

/** Answers from a fixed table; unknown CEPs are `not_found`. */
export function tableLookup(table: Readonly<Record<string, LookupResult>>): CepLookup {
  return async (cep) => table[cep] ?? { status: 'not_found' };
}

/** The sample table shipped with the demo (01310-100 finds services, 69000-000 finds none). */
export const sampleLookup: CepLookup = tableLookup(demoCeps.results as Record<string, LookupResult>);
