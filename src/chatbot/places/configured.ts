import type { GeocodingConfig, SupportPointsConfig } from '../../config.js';
import type { Db } from '../../db/index.js';
import { type CepLookup, sampleLookup } from '../lookup.js';
import { csvFileGeocoder, type Geocoder, googleGeocoder, hereGeocoder } from './geocoders.js';
import { cepLookup, type LookupFailure } from './lookup.js';
import { penhasSupportPoints } from './penhas-points.js';
import { directorySource, type SupportPointSource } from './sources.js';

/** Where failed lookups are logged (the process's pino logger). */
export interface LookupLog {
  warn(object: object, message: string): void;
}

export interface LookupConfig {
  readonly geocoding: GeocodingConfig;
  readonly supportPoints: SupportPointsConfig;
}

function geocoderOf(config: Exclude<GeocodingConfig, { provider: 'sample' }>): Geocoder {
  switch (config.provider) {
    case 'csv':
      return csvFileGeocoder(config.file);
    case 'google':
      return googleGeocoder({
        apiKey: config.apiKey,
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      });
    case 'here':
      return hereGeocoder({ apiKey: config.apiKey, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
  }
}

function sourceOf(db: Db, config: SupportPointsConfig): SupportPointSource {
  return config.source === 'penhas'
    ? penhasSupportPoints({ url: config.url, token: config.token })
    : directorySource(db);
}

/**
 * A CEP in a log line: its first five digits only (the region, as `01310-***`). The whole CEP
 * with the time of the message could place the person on her street; the region is enough to see
 * which areas a provider fails on.
 */
export function maskedCep(cep: string): string {
  return `${cep.slice(0, 5)}-***`;
}

/** One structured warning per failed lookup: stage, provider, masked CEP, duration and error. */
export function logLookupFailure(log: LookupLog): (failure: LookupFailure) => void {
  return (failure) => {
    const error = failure.error instanceof Error ? failure.error : new Error(String(failure.error));
    log.warn(
      {
        stage: failure.stage,
        provider: failure.provider,
        cep: maskedCep(failure.cep),
        duration_ms: failure.durationMs,
        error: `${error.name}: ${error.message}`,
      },
      'CEP lookup failed',
    );
  };
}

/** Lookups per database handle and configuration: the CSV table is read once. */
const made = new WeakMap<object, { config: LookupConfig; log: LookupLog | undefined; lookup: CepLookup }>();

/**
 * The CEP lookup GEOCODER and SUPPORT_POINTS configure: the demo's sample table, or a provider
 * (through the cache) with the support-point directory or a remote PenhaS-shaped endpoint.
 * Failures are logged on `log` when one is given.
 */
export function configuredLookup(db: Db, config: LookupConfig, log?: LookupLog): CepLookup {
  if (config.geocoding.provider === 'sample') return sampleLookup;
  const known = made.get(db);
  if (
    known &&
    known.config.geocoding === config.geocoding &&
    known.config.supportPoints === config.supportPoints &&
    known.log === log
  ) {
    return known.lookup;
  }
  const lookup = cepLookup(
    db,
    geocoderOf(config.geocoding),
    sourceOf(db, config.supportPoints),
    log ? { onFailure: logLookupFailure(log) } : {},
  );
  made.set(db, { config, log, lookup });
  return lookup;
}
