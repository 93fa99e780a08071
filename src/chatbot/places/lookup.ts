import type { Db } from '../../db/index.js';
import { type LookupResult, NEAR_WANTED_DEFAULTS } from '../engine/index.js';
import type { CepLookup } from '../lookup.js';
import { cachedGeocoder } from './cache.js';
import type { Geocoder } from './geocoders.js';
import type { SupportPointSource } from './sources.js';

/** A lookup that failed: which step, which service, how long it took and why. */
export interface LookupFailure {
  /** `geocode`: the geocoder (or its cache); `support_points`: the source of the points. */
  readonly stage: 'geocode' | 'support_points';
  /** The geocoder's or the source's name (`google`, `here`, `csv`, `directory`, `penhas`). */
  readonly provider: string;
  readonly cep: string;
  readonly durationMs: number;
  readonly error: unknown;
}

export interface CepLookupOptions {
  readonly now?: () => Date;
  /** Told why a lookup failed (the user only hears that it did). */
  readonly onFailure?: (failure: LookupFailure) => void;
}

/**
 * The CEP lookup: the CEP geocoded (through the cache), then the nearest support points of the
 * source, as many and as far as the question wants. Never throws: whatever goes wrong is a
 * `failed` result, which the engine answers with a friendly message and the question again.
 */
export function cepLookup(
  db: Db,
  geocoder: Geocoder,
  source: SupportPointSource,
  options: CepLookupOptions = {},
): CepLookup {
  const cached = cachedGeocoder(db, geocoder, options.now);
  return async (cep, wanted = NEAR_WANTED_DEFAULTS) => {
    const attempt = async <T>(stage: LookupFailure['stage'], provider: string, work: () => Promise<T>) => {
      const started = performance.now();
      try {
        return { ok: true as const, value: await work() };
      } catch (error) {
        const durationMs = Math.round(performance.now() - started);
        options.onFailure?.({ stage, provider, cep, durationMs, error });
        return { ok: false as const };
      }
    };
    const place = await attempt('geocode', geocoder.name, () => cached.geocode(cep));
    if (!place.ok) return { status: 'failed' };
    if (!place.value.found) return { status: 'not_found' };
    const { lat, lng, label } = place.value;
    const near = await attempt('support_points', source.name, () => source.near({ lat, lng }, wanted));
    if (!near.ok) return { status: 'failed' };
    const latlng = `${lat},${lng}`;
    const result: LookupResult =
      near.value.length === 0
        ? { status: 'no_services', human_address: label, latlng, radius_km: wanted.radius_km }
        : { status: 'found', human_address: label, latlng, services: near.value };
    return result;
  };
}
