import demoCeps from './demo/ceps.json' with { type: 'json' };
import { type LookupResult, NEAR_WANTED_DEFAULTS, type NearWanted } from './engine/index.js';

/**
 * The CEP lookup port (docs/chatbot.md, "CEP lookup"): geocode a CEP and list the nearest support
 * points, at most `wanted.points` within `wanted.radius_km` (the question's settings; absent: 3
 * within 50 km). The engine asks for it with a `lookup` effect; the host answers with
 * `lookup_result`. The configured lookup is src/chatbot/places/configured.ts; the simulator's
 * default and tests use a table.
 */
export type CepLookup = (cep: string, wanted?: NearWanted) => Promise<LookupResult>;

/**
 * Answers from a fixed table; unknown CEPs are `not_found`. At most `wanted.points` services are
 * listed, and "no services" names the radius asked for.
 */
export function tableLookup(table: Readonly<Record<string, LookupResult>>): CepLookup {
  return async (cep, wanted = NEAR_WANTED_DEFAULTS) => {
    const result = table[cep] ?? { status: 'not_found' };
    if (result.status === 'found') return { ...result, services: result.services.slice(0, wanted.points) };
    if (result.status === 'no_services') return { ...result, radius_km: wanted.radius_km };
    return result;
  };
}

/** The sample table shipped with the demo (01310-100 finds services, 69000-000 finds none). */
export const sampleLookup: CepLookup = tableLookup(demoCeps.results as Record<string, LookupResult>);
