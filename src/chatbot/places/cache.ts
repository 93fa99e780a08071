import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Geocoded, Geocoder } from './geocoders.js';

/** A found CEP is kept 30 days; one not found, an hour (it may be a new CEP the provider learns). */
export const CACHE_HIT_MS = 30 * 24 * 3600 * 1000;
export const CACHE_MISS_MS = 3600 * 1000;

/**
 * The provider's answers kept in PostgreSQL (`geocode_cache`), per provider and CEP. A failure is
 * not kept: the next try asks the provider again.
 */
export function cachedGeocoder(db: Db, geocoder: Geocoder, now: () => Date = () => new Date()): Geocoder {
  return {
    name: geocoder.name,
    async geocode(cep) {
      const at = now();
      const kept = await db
        .selectFrom('geocode_cache')
        .select(['found', 'lat', 'lng', 'label'])
        .where('provider', '=', geocoder.name)
        .where('cep', '=', cep)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (kept) {
        return kept.found && kept.lat !== null && kept.lng !== null
          ? { found: true, lat: kept.lat, lng: kept.lng, label: kept.label }
          : { found: false };
      }
      const answer = await geocoder.geocode(cep);
      await keep(db, geocoder.name, cep, answer, at);
      return answer;
    },
  };
}

async function keep(db: Db, provider: string, cep: string, answer: Geocoded, at: Date): Promise<void> {
  const expires = new Date(at.getTime() + (answer.found ? CACHE_HIT_MS : CACHE_MISS_MS));
  const row = answer.found
    ? { found: true, lat: answer.lat, lng: answer.lng, label: answer.label }
    : { found: false, lat: null, lng: null, label: '' };
  await db
    .insertInto('geocode_cache')
    .values({ provider, cep, ...row, expires_at: expires })
    .onConflict((oc) =>
      oc.columns(['provider', 'cep']).doUpdateSet({
        found: sql`excluded.found`,
        lat: sql`excluded.lat`,
        lng: sql`excluded.lng`,
        label: sql`excluded.label`,
        expires_at: sql`excluded.expires_at`,
      }),
    )
    .execute();
}

/** Removes expired answers (kept small; run with the other chatbot housekeeping). */
export async function purgeGeocodeCache(db: Db, now: Date): Promise<number> {
  const done = await db.deleteFrom('geocode_cache').where('expires_at', '<=', now).executeTakeFirst();
  return Number(done.numDeletedRows);
}
