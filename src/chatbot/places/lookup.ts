import type { Db } from '../../db/index.js';
import type { LookupResult } from '../engine/index.js';
import type { CepLookup } from '../lookup.js';
import { cachedGeocoder } from './cache.js';
import { NEAR_DEFAULTS, type NearPoint, nearestSupportPoints } from './directory.js';
import type { Geocoder } from './geocoders.js';

export interface DirectoryLookupOptions {
  /** Points listed (default 3). */
  readonly limit?: number;
  /** Search radius (default 50 km). */
  readonly radiusKm?: number;
  readonly now?: () => Date;
  /** Told why a lookup failed (the user only hears that it did). */
  readonly onFailure?: (cep: string, error: unknown) => void;
}

/**
 * The CEP lookup from Parley's own directory: the CEP geocoded (through the cache), then the
 * nearest support points. Never throws: whatever goes wrong is a `failed` result, which the
 * engine answers with a friendly message and the question again.
 */
export function directoryLookup(db: Db, geocoder: Geocoder, options: DirectoryLookupOptions = {}): CepLookup {
  const cached = cachedGeocoder(db, geocoder, options.now);
  const limit = options.limit ?? NEAR_DEFAULTS.limit;
  const radiusKm = options.radiusKm ?? NEAR_DEFAULTS.radiusKm;
  return async (cep) => {
    try {
      const place = await cached.geocode(cep);
      if (!place.found) return { status: 'not_found' };
      const near = await nearestSupportPoints(db, { lat: place.lat, lng: place.lng, limit, radiusKm });
      return resultOf(place.label, `${place.lat},${place.lng}`, near, radiusKm);
    } catch (error) {
      options.onFailure?.(cep, error);
      return { status: 'failed' };
    }
  };
}

function resultOf(label: string, latlng: string, near: readonly NearPoint[], radiusKm: number): LookupResult {
  if (near.length === 0) return { status: 'no_services', human_address: label, latlng, radius_km: radiusKm };
  return {
    status: 'found',
    human_address: label,
    latlng,
    services: near.map((point) => ({
      name: point.name,
      category: point.category,
      phone: point.phone,
      address: point.address,
      distance_km: Math.round(point.distance_km * 10) / 10,
    })),
  };
}
