import { sql } from 'kysely';
import type {
  SupportPointBody,
  SupportPointQuery,
  SupportPointView,
} from '../../../common/api/support-points.js';
import type { Db } from '../../db/index.js';
import { NotFound } from '../../errors.js';

/**
 * The support-point directory (docs/chatbot.md#cep-lookup-and-support-points): the services a CEP
 * question lists, nearest first. Distances are great-circle (haversine) in SQL; a bounding box on
 * (lat, lng) lets the `support_points_near` index pick the candidates first.
 */

const EARTH_RADIUS_KM = 6371.0088;
/** Kilometres per degree of latitude (and of longitude at the equator). */
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface NearQuery {
  readonly lat: number;
  readonly lng: number;
  /** Default 3. */
  readonly limit?: number;
  /** Default 50. */
  readonly radiusKm?: number;
}

export interface NearPoint {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  readonly address: string;
  readonly phone: string;
  readonly distance_km: number;
}

export const NEAR_DEFAULTS = { limit: 3, radiusKm: 50 } as const;

/** The box around a point that holds every point within `radiusKm` of it. */
export function boundingBox(lat: number, lng: number, radiusKm: number) {
  const dLat = radiusKm / KM_PER_DEGREE;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // Near a pole (or for a radius around the globe) every longitude is within reach.
  const cosLat = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const dLng = cosLat <= 1e-9 ? 180 : radiusKm / (KM_PER_DEGREE * cosLat);
  if (dLng >= 180) return { minLat, maxLat, lngRanges: [[-180, 180]] as [number, number][] };
  const minLng = lng - dLng;
  const maxLng = lng + dLng;
  // Across the antimeridian the box is two ranges.
  const lngRanges: [number, number][] =
    minLng < -180
      ? [
          [minLng + 360, 180],
          [-180, maxLng],
        ]
      : maxLng > 180
        ? [
            [minLng, 180],
            [-180, maxLng - 360],
          ]
        : [[minLng, maxLng]];
  return { minLat, maxLat, lngRanges };
}

/**
 * The nearest active points within the radius, nearest first. Dense cities hold thousands of
 * points within 50 km, so the search starts with a small circle and widens it only when that
 * holds fewer than `limit` points: when it holds enough, none farther can be among the nearest.
 */
export async function nearestSupportPoints(db: Db, query: NearQuery): Promise<NearPoint[]> {
  const limit = query.limit ?? NEAR_DEFAULTS.limit;
  const radiusKm = query.radiusKm ?? NEAR_DEFAULTS.radiusKm;
  for (const step of [1 / 16, 1 / 4]) {
    const found = await nearestWithin(db, query, limit, radiusKm * step);
    if (found.length >= limit) return found;
  }
  return nearestWithin(db, query, limit, radiusKm);
}

/** One search: the points in the bounding box, their haversine distance, the nearest within the radius. */
async function nearestWithin(db: Db, at: NearQuery, limit: number, radiusKm: number): Promise<NearPoint[]> {
  const result = await nearestQuery(at, limit, radiusKm).execute(db);
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** The SQL of one search (exported for the test of its plan). */
export function nearestQuery({ lat, lng }: NearQuery, limit: number, radiusKm: number) {
  const box = boundingBox(lat, lng, radiusKm);
  const lngCheck = sql.join(
    box.lngRanges.map(([from, to]) => sql`lng between ${from}::float8 and ${to}::float8`),
    sql` or `,
  );
  const distance = sql<number>`2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(lat - ${lat}::float8) / 2), 2)
      + cos(radians(${lat}::float8)) * cos(radians(lat)) * power(sin(radians(lng - ${lng}::float8) / 2), 2))))`;
  return sql<NearPoint>`
    select id, name, category, address, phone, distance_km from (
      select id, name, category, address, phone, ${distance} as distance_km
      from support_points
      where active and lat between ${box.minLat}::float8 and ${box.maxLat}::float8 and (${lngCheck})
    ) near
    where distance_km <= ${radiusKm}::float8
    order by distance_km, id
    limit ${limit}`;
}

function present(row: SupportPointView & { id: number | string }): SupportPointView {
  return { ...row, id: Number(row.id) };
}

const COLUMNS = ['id', 'name', 'category', 'address', 'phone', 'lat', 'lng', 'notes', 'active'] as const;

/** One page of the directory, by name, with the number of matches and every category. */
export async function listSupportPoints(db: Db, query: SupportPointQuery) {
  let base = db.selectFrom('support_points');
  const q = query.q?.trim() ?? '';
  if (q !== '') {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('name', 'ilike', like), eb('address', 'ilike', like), eb('phone', 'ilike', like)]),
    );
  }
  if (query.category !== undefined && query.category !== '')
    base = base.where('category', '=', query.category);
  const [items, count, categories] = await Promise.all([
    base
      .select(COLUMNS)
      .orderBy(sql`lower(name)`)
      .orderBy('id')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('support_points').select('category').distinct().orderBy('category').execute(),
  ]);
  return {
    items: items.map(present),
    total: Number(count.n),
    categories: categories.map((row) => row.category).filter((c) => c !== ''),
  };
}

export async function createSupportPoint(
  db: Db,
  body: SupportPointBody,
  now: Date,
): Promise<SupportPointView> {
  const row = await db
    .insertInto('support_points')
    .values({ ...tidy(body), created_at: now, updated_at: now })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return present(row);
}

export async function updateSupportPoint(
  db: Db,
  id: number,
  body: SupportPointBody,
  now: Date,
): Promise<SupportPointView> {
  const row = await db
    .updateTable('support_points')
    .set({ ...tidy(body), updated_at: now })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new NotFound('Support point', 'support_point_not_found');
  return present(row);
}

export async function deleteSupportPoint(db: Db, id: number): Promise<void> {
  const done = await db.deleteFrom('support_points').where('id', '=', id).executeTakeFirst();
  if (done.numDeletedRows === 0n) throw new NotFound('Support point', 'support_point_not_found');
}

function tidy(body: SupportPointBody): SupportPointBody {
  return {
    ...body,
    name: body.name.trim(),
    category: body.category.trim(),
    address: body.address.trim(),
    phone: body.phone.trim(),
    notes: body.notes.trim(),
  };
}
