import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { getJson } from './http-json.js';

/**
 * Geocoding providers: a CEP (8 digits) to a point and a readable address
 * (docs/chatbot.md#cep-lookup-and-support-points). Each answers found / not found, and throws
 * `GeocodingFailed` when it cannot tell (network, no answer within 3 s, quota, an answer it cannot read):
 * the user is then asked again, and nothing is cached.
 */

export type Geocoded =
  | { readonly found: true; readonly lat: number; readonly lng: number; readonly label: string }
  | { readonly found: false };

export interface Geocoder {
  /** Its name in the cache (a change of provider does not reuse another's answers). */
  readonly name: string;
  geocode(cep: string): Promise<Geocoded>;
}

export class GeocodingFailed extends Error {
  override name = 'GeocodingFailed';
}

const geocodingFailed = (message: string) => new GeocodingFailed(message);

const NOT_FOUND: Geocoded = { found: false };

function cepWithDash(cep: string): string {
  return `${cep.slice(0, 5)}-${cep.slice(5)}`;
}

/**
 * The local table: CSV with a header `cep,lat,lng,label` (CEP digits, dash allowed). For offline
 * use and tests. Bad lines are refused when the table is read, naming the line.
 */
export function csvGeocoder(csv: string, name = 'csv'): Geocoder {
  const table = new Map<string, Geocoded>();
  const rows = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string | undefined>[];
  rows.forEach((row, i) => {
    const cep = (row.cep ?? '').replace(/\D/g, '');
    const lat = Number((row.lat ?? '').replace(',', '.'));
    const lng = Number((row.lng ?? '').replace(',', '.'));
    if (
      cep.length !== 8 ||
      row.lat === undefined ||
      row.lng === undefined ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lng) ||
      Math.abs(lat) > 90 ||
      Math.abs(lng) > 180
    ) {
      throw new Error(`CEP table, line ${i + 2}: needs cep (8 digits), lat and lng`);
    }
    table.set(cep, { found: true, lat, lng, label: row.label ?? cepWithDash(cep) });
  });
  return { name, geocode: async (cep) => table.get(cep) ?? NOT_FOUND };
}

export function csvFileGeocoder(file: string): Geocoder {
  return csvGeocoder(readFileSync(file, 'utf8'));
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Google's Geocoding API (`/maps/api/geocode/json`), restricted to Brazilian postal codes. */
export function googleGeocoder(options: { apiKey: string; baseUrl?: string }): Geocoder {
  const base = options.baseUrl ?? 'https://maps.googleapis.com';
  return {
    name: 'google',
    async geocode(cep) {
      const url = new URL('/maps/api/geocode/json', base);
      url.searchParams.set('components', `country:BR|postal_code:${cepWithDash(cep)}`);
      url.searchParams.set('language', 'pt-BR');
      url.searchParams.set('key', options.apiKey);
      const answer = (await getJson(url, geocodingFailed)) as { status?: unknown; results?: unknown };
      if (answer.status === 'ZERO_RESULTS') return NOT_FOUND;
      if (answer.status !== 'OK' || !Array.isArray(answer.results)) {
        throw new GeocodingFailed(`Google: status ${String(answer.status)}`);
      }
      const first = answer.results[0] as
        | { formatted_address?: unknown; geometry?: { location?: { lat?: unknown; lng?: unknown } } }
        | undefined;
      const location = first?.geometry?.location;
      if (!first || !finite(location?.lat) || !finite(location?.lng)) return NOT_FOUND;
      const label = typeof first.formatted_address === 'string' ? first.formatted_address : cepWithDash(cep);
      return { found: true, lat: location.lat, lng: location.lng, label };
    },
  };
}

/** HERE's Geocoding & Search API v7 (`/v1/geocode` with a qualified postal-code query). */
export function hereGeocoder(options: { apiKey: string; baseUrl?: string }): Geocoder {
  const base = options.baseUrl ?? 'https://geocode.search.hereapi.com';
  return {
    name: 'here',
    async geocode(cep) {
      const url = new URL('/v1/geocode', base);
      url.searchParams.set('qq', `postalCode=${cepWithDash(cep)};country=BRA`);
      url.searchParams.set('lang', 'pt-BR');
      url.searchParams.set('limit', '1');
      url.searchParams.set('apiKey', options.apiKey);
      const answer = (await getJson(url, geocodingFailed)) as { items?: unknown };
      if (!Array.isArray(answer.items)) throw new GeocodingFailed('HERE: no items in the answer');
      const first = answer.items[0] as
        | { title?: unknown; address?: { label?: unknown }; position?: { lat?: unknown; lng?: unknown } }
        | undefined;
      const position = first?.position;
      if (!first || !finite(position?.lat) || !finite(position?.lng)) return NOT_FOUND;
      const label =
        typeof first.address?.label === 'string'
          ? first.address.label
          : typeof first.title === 'string'
            ? first.title
            : cepWithDash(cep);
      return { found: true, lat: position.lat, lng: position.lng, label };
    },
  };
}
