import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { CACHE_HIT_MS, CACHE_MISS_MS, cachedGeocoder, purgeGeocodeCache } from './cache.js';
import { csvGeocoder, type Geocoder, googleGeocoder, hereGeocoder } from './geocoders.js';
import { cepLookup, type LookupFailure } from './lookup.js';
import { directorySource } from './sources.js';

const testDb = setupTestDatabase();
let fake: FakeGeocoding;

const PAULISTA = {
  lat: -23.5614,
  lng: -46.6559,
  label: 'Avenida Paulista, São Paulo - SP, 01310-100, Brasil',
};

beforeAll(async () => {
  fake = await FakeGeocoding.start();
  fake.places.set('01310-100', PAULISTA);
  await testDb.db
    .insertInto('support_points')
    .values([
      {
        name: 'Casa da Mulher Brasileira',
        category: 'Acolhimento',
        phone: '(11) 3275-8000',
        lat: -23.5655,
        lng: -46.6246,
      },
      {
        name: 'DDM Centro',
        category: 'Delegacia',
        address: 'Rua Dr. Bittencourt Rodrigues, 200',
        lat: -23.5503,
        lng: -46.6339,
      },
      { name: 'CRAM Santo André', lat: -23.6639, lng: -46.5383 },
      { name: 'Closed', lat: -23.5614, lng: -46.6559, active: false },
    ])
    .execute();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.mode = 'normal';
  fake.requests.length = 0;
});

describe('providers', () => {
  const providers: [string, () => Geocoder][] = [
    ['google', () => googleGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: fake.url })],
    ['here', () => hereGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: fake.url })],
  ];

  it.each(providers)('%s: finds a CEP, and says when there is none', async (_name, make) => {
    const geocoder = make();
    expect(await geocoder.geocode('01310100')).toEqual({ found: true, ...PAULISTA });
    expect(await geocoder.geocode('99999999')).toEqual({ found: false });
  });

  it.each(providers)('%s: fails on a wrong key, an HTTP error or a quota', async (name, make) => {
    const wrongKey = (name === 'google' ? googleGeocoder : hereGeocoder)({
      apiKey: 'nope',
      baseUrl: fake.url,
    });
    await expect(wrongKey.geocode('01310100')).rejects.toThrow(/REQUEST_DENIED|HTTP 401/);
    fake.mode = 'http_500';
    await expect(make().geocode('01310100')).rejects.toThrow(/HTTP 500/);
    fake.mode = 'over_quota';
    await expect(make().geocode('01310100')).rejects.toThrow(/OVER_QUERY_LIMIT|HTTP 429/);
  });

  it('gives up after 3 seconds without an answer', async () => {
    fake.mode = 'hang';
    const started = Date.now();
    await expect(
      hereGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: fake.url }).geocode('01310100'),
    ).rejects.toThrow(/no answer in time/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('the local table reads CEPs with or without a dash, and refuses a bad line', async () => {
    const table = csvGeocoder(
      'cep,lat,lng,label\n01310-100,-23.5614,-46.6559,Avenida Paulista\n69000000,"-3,1",-60.02,\n',
    );
    expect(await table.geocode('01310100')).toMatchObject({ found: true, label: 'Avenida Paulista' });
    expect(await table.geocode('69000000')).toMatchObject({ found: true, lat: -3.1, label: '' });
    expect(await table.geocode('12345678')).toEqual({ found: false });
    expect(() => csvGeocoder('cep,lat,lng\n0131,1,2\n')).toThrow(/line 2/);
  });
});

describe('the cache', () => {
  it('keeps a found CEP 30 days and a missing one an hour; never a failure', async () => {
    let now = new Date('2026-12-05T12:00:00Z');
    const google = cachedGeocoder(
      testDb.db,
      googleGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: fake.url }),
      () => now,
    );
    await google.geocode('01310100');
    await google.geocode('99999999');
    expect(fake.requests).toHaveLength(2);
    now = new Date(now.getTime() + CACHE_MISS_MS - 1000);
    expect(await google.geocode('01310100')).toMatchObject({ found: true, label: PAULISTA.label });
    expect(await google.geocode('99999999')).toEqual({ found: false });
    expect(fake.requests).toHaveLength(2);
    now = new Date(now.getTime() + 2000);
    await google.geocode('99999999');
    expect(fake.requests).toHaveLength(3);
    now = new Date(now.getTime() + CACHE_HIT_MS);
    await google.geocode('01310100');
    expect(fake.requests).toHaveLength(4);

    fake.mode = 'http_500';
    await expect(google.geocode('22222222')).rejects.toThrow();
    fake.mode = 'normal';
    await google.geocode('22222222');
    expect(fake.requests).toHaveLength(6);

    // The hourly job drops what has expired: the two misses, then the hit.
    expect(await purgeGeocodeCache(testDb.db, new Date(now.getTime() + CACHE_MISS_MS + 1))).toBe(2);
    expect(await purgeGeocodeCache(testDb.db, new Date(now.getTime() + CACHE_HIT_MS + 1))).toBe(1);
  });
});

describe('cepLookup with the directory', () => {
  const here = () => hereGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: fake.url });
  const directoryLookup = (options: Parameters<typeof cepLookup>[3] = {}) =>
    cepLookup(testDb.db, here(), directorySource(testDb.db), options);

  it('lists the nearest active points of the directory with the address of the CEP', async () => {
    const result = await directoryLookup()('01310100');
    expect(result).toMatchObject({
      status: 'found',
      human_address: PAULISTA.label,
      latlng: '-23.5614,-46.6559',
    });
    if (result.status !== 'found') throw new Error('found expected');
    expect(result.services.map((s) => s.name)).toEqual([
      'DDM Centro',
      'Casa da Mulher Brasileira',
      'CRAM Santo André',
    ]);
    expect(result.services[1]).toEqual({
      name: 'Casa da Mulher Brasileira',
      category: 'Acolhimento',
      phone: '(11) 3275-8000',
      address: '',
      distance_km: 3.2,
    });
  });

  it('takes the number and radius the question wants', async () => {
    const result = await directoryLookup()('01310100', { points: 1, radius_km: 5 });
    expect(result.status === 'found' && result.services.map((s) => s.name)).toEqual(['DDM Centro']);
    const wide = await directoryLookup()('01310100', { points: 10, radius_km: 50 });
    expect(wide.status === 'found' && wide.services).toHaveLength(3);
    fake.places.set('69000-000', { lat: -3.119, lng: -60.0217, label: 'Manaus - AM' });
    expect(await directoryLookup()('69000000', { points: 3, radius_km: 20 })).toEqual({
      status: 'no_services',
      human_address: 'Manaus - AM',
      latlng: '-3.119,-60.0217',
      radius_km: 20,
    });
  });

  it('is not_found for an unknown CEP and failed (never a throw) when the provider fails', async () => {
    expect(await directoryLookup()('88888888')).toEqual({ status: 'not_found' });
    fake.mode = 'http_500';
    const failures: LookupFailure[] = [];
    const lookup = directoryLookup({ onFailure: (failure) => failures.push(failure) });
    expect(await lookup('11111111')).toEqual({ status: 'failed' });
    expect(failures).toMatchObject([{ stage: 'geocode', provider: 'here', cep: '11111111' }]);
    expect(String(failures[0]?.error)).toMatch(/HTTP 500/);
    expect(failures[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
