import type { GeocodingConfig } from '../../config.js';
import type { Db } from '../../db/index.js';
import { type CepLookup, sampleLookup } from '../lookup.js';
import { csvFileGeocoder, type Geocoder, googleGeocoder, hereGeocoder } from './geocoders.js';
import { directoryLookup } from './lookup.js';

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

/** Lookups per database handle and configuration: the CSV table is read once. */
const made = new WeakMap<object, { config: GeocodingConfig; lookup: CepLookup }>();

/**
 * The CEP lookup GEOCODER configures: the demo's sample table, or a provider (through the cache)
 * with the support-point directory.
 */
export function configuredLookup(
  db: Db,
  config: GeocodingConfig,
  onFailure?: (cep: string, error: unknown) => void,
): CepLookup {
  if (config.provider === 'sample') return sampleLookup;
  const known = made.get(db);
  if (known && known.config === config) return known.lookup;
  const lookup = directoryLookup(db, geocoderOf(config), onFailure ? { onFailure } : {});
  made.set(db, { config, lookup });
  return lookup;
}
