import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { boundingBox, nearestQuery, nearestSupportPoints } from './directory.js';

const testDb = setupTestDatabase();

/** São Paulo, Praça da Sé. */
const SE = { lat: -23.5503, lng: -46.6339 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('boundingBox', () => {
  it('holds the radius, and every longitude near a pole', () => {
    const box = boundingBox(SE.lat, SE.lng, 50);
    expect(box.maxLat - box.minLat).toBeCloseTo(0.899, 2);
    expect(box.lngRanges).toHaveLength(1);
    expect(boundingBox(89.9, 0, 50).lngRanges).toEqual([[-180, 180]]);
  });

  it('splits at the antimeridian', () => {
    const box = boundingBox(0, 179.9, 50);
    expect(box.lngRanges).toHaveLength(2);
    expect(box.lngRanges[1]?.[0]).toBe(-180);
  });
});

describe('nearestSupportPoints', () => {
  beforeAll(async () => {
    await testDb.db
      .insertInto('support_points')
      .values([
        { name: 'Sé', category: 'Delegacia', lat: -23.5503, lng: -46.6339, phone: '11 1111-1111' },
        { name: 'Paulista', category: 'CRAM', lat: -23.5614, lng: -46.6559 },
        { name: 'Santos', category: 'CRAM', lat: -23.9608, lng: -46.3336 },
        { name: 'Campinas', lat: -22.9099, lng: -47.0626 },
        { name: 'Closed', lat: -23.5504, lng: -46.634, active: false },
        { name: 'Rio', lat: -22.9068, lng: -43.1729 },
      ])
      .execute();
  });

  it('lists the nearest active points within the radius, nearest first, with distances', async () => {
    const near = await nearestSupportPoints(testDb.db, SE);
    // Santos is about 55 km away: beyond the default 50 km.
    expect(near.map((p) => p.name)).toEqual(['Sé', 'Paulista']);
    expect(near[0]?.distance_km).toBeCloseTo(0, 3);
    expect(near[1]?.distance_km).toBeCloseTo(2.52, 1);
  });

  it('takes the limit and radius of the question', async () => {
    expect((await nearestSupportPoints(testDb.db, { ...SE, limit: 1 })).map((p) => p.name)).toEqual(['Sé']);
    expect((await nearestSupportPoints(testDb.db, { ...SE, radiusKm: 60 })).map((p) => p.name)).toEqual([
      'Sé',
      'Paulista',
      'Santos',
    ]);
    const within10 = await nearestSupportPoints(testDb.db, { ...SE, radiusKm: 10, limit: 10 });
    expect(within10.map((p) => p.name)).toEqual(['Sé', 'Paulista']);
    const within400 = await nearestSupportPoints(testDb.db, { ...SE, radiusKm: 400, limit: 10 });
    expect(within400.map((p) => p.name)).toEqual(['Sé', 'Paulista', 'Santos', 'Campinas', 'Rio']);
    expect(within400[4]?.distance_km).toBeCloseTo(361, -1);
  });

  it('finds nothing far from every point', async () => {
    expect(await nearestSupportPoints(testDb.db, { lat: -3.119, lng: -60.0217 })).toEqual([]);
  });
});

describe('nearestSupportPoints at 50,000 points', () => {
  const queries = [
    SE,
    { lat: -22.9068, lng: -43.1729 },
    { lat: -15.7939, lng: -47.8828 },
    { lat: -3.7319, lng: -38.5267 },
  ];

  beforeAll(async () => {
    await sql`delete from support_points`.execute(testDb.db);
    // Three in five spread over Brazil, two in five packed around the biggest cities (the hard case
    // for a bounding box: thousands of candidates within 50 km).
    await sql`insert into support_points (name, category, lat, lng)
      select 'Point ' || i, 'Category ' || (i % 7),
        case when i % 5 < 3 then -33 + random() * 38 else c.lat + (random() - 0.5) * 0.8 end,
        case when i % 5 < 3 then -73 + random() * 39 else c.lng + (random() - 0.5) * 0.8 end
      from generate_series(1, 50000) i
      join (values (0, -23.55, -46.63), (1, -22.91, -43.17), (2, -15.79, -47.88), (3, -3.73, -38.53))
        as c(k, lat, lng) on c.k = i % 4`.execute(testDb.db);
    await sql`analyze support_points`.execute(testDb.db);
  }, 60_000);

  it('answers in 20 ms or less (median) through the index', async () => {
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const q of queries) {
        const started = performance.now();
        const near = await nearestSupportPoints(testDb.db, q);
        times.push(performance.now() - started);
        expect(near).toHaveLength(3);
      }
    }
    expect(median(times)).toBeLessThanOrEqual(20);
  });

  it('uses the (lat, lng) index', async () => {
    for (const radiusKm of [50 / 16, 50]) {
      const plan = await sql<{ 'QUERY PLAN': string }>`explain ${nearestQuery(SE, 3, radiusKm)}`.execute(
        testDb.db,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index.* on support_points_near/);
    }
  });
});
