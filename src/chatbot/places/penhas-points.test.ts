import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { memoryLogger } from '../../../test/harness/logs.js';
import { FAKE_PENHAS_TOKEN, FakePenhasPoints } from '../../../test/harness/penhas-points.js';
import { configuredLookup } from './configured.js';
import { penhasSupportPoints, pointOfRow } from './penhas-points.js';

const testDb = setupTestDatabase();
let penhas: FakePenhasPoints;
let geocoding: FakeGeocoding;

const PAULISTA = { lat: -23.5614, lng: -46.6559 };

beforeAll(async () => {
  penhas = await FakePenhasPoints.start();
  geocoding = await FakeGeocoding.start();
  geocoding.places.set('01310-100', { ...PAULISTA, label: 'Avenida Paulista, São Paulo - SP' });
  geocoding.places.set('69000-000', { lat: -3.119, lng: -60.0217, label: 'Manaus - AM' });
  penhas.points.push(
    {
      nome: 'Casa da Mulher Brasileira',
      categoria: 'Centro de Referência',
      latitude: -23.5655,
      longitude: -46.6246,
      ddd: '11',
      telefone1: '32758000',
      telefone2: '32758001',
      tipo_logradouro: 'Rua',
      nome_logradouro: 'Vieira Ravasco',
      numero: 26,
      bairro: 'Cambuci',
      municipio: 'São Paulo',
      uf: 'SP',
    },
    {
      nome: '1ª DDM Centro',
      categoria: 'Delegacia da Mulher',
      latitude: -23.5503,
      longitude: -46.6339,
      ddd: '11',
      telefone1: '32413328',
      tipo_logradouro: 'Rua',
      nome_logradouro: 'Dr. Bittencourt Rodrigues',
      numero: null,
      municipio: 'São Paulo',
      uf: 'SP',
    },
    { nome: 'CRAM Santo André', categoria: 'Centro de Referência', latitude: -23.6639, longitude: -46.5383 },
    { nome: 'Campinas', categoria: 'Delegacia da Mulher', latitude: -22.9056, longitude: -47.0608 },
  );
});
afterAll(async () => {
  await penhas.stop();
  await geocoding.stop();
});
beforeEach(() => {
  penhas.mode = 'normal';
  penhas.requests.length = 0;
  geocoding.mode = 'normal';
});

const source = (token: string | null = FAKE_PENHAS_TOKEN) => penhasSupportPoints({ url: penhas.url, token });

describe('the PenhaS-shaped support-point endpoint', () => {
  it('asks with the coordinates, radius, count and token, and reads the rows nearest first', async () => {
    const points = await source().near(PAULISTA, { points: 3, radius_km: 50 });
    const query = Object.fromEntries(penhas.requests[0]?.searchParams ?? []);
    expect(query).toEqual({
      latitude: '-23.561400',
      longitude: '-46.655900',
      max_distance: '50',
      rows: '3',
      token: FAKE_PENHAS_TOKEN,
    });
    expect(points).toEqual([
      {
        name: '1ª DDM Centro',
        category: 'Delegacia da Mulher',
        phone: '+551132413328',
        address: 'Rua Dr. Bittencourt Rodrigues, sem número, São Paulo - SP',
        distance_km: 2,
      },
      {
        name: 'Casa da Mulher Brasileira',
        category: 'Centro de Referência',
        phone: '+551132758000 e +551132758001',
        address: 'Rua Vieira Ravasco, 26 - Cambuci, São Paulo - SP',
        distance_km: 3,
      },
      { name: 'CRAM Santo André', category: 'Centro de Referência', phone: '', address: '', distance_km: 16 },
    ]);
  });

  it('keeps only as many as asked (PenhaS gives up to 100 below 3) and only within the radius', async () => {
    expect((await source().near(PAULISTA, { points: 1, radius_km: 50 })).map((p) => p.name)).toEqual([
      '1ª DDM Centro',
    ]);
    expect(await source().near(PAULISTA, { points: 10, radius_km: 5 })).toHaveLength(2);
    expect(await source().near(PAULISTA, { points: 10, radius_km: 100 })).toHaveLength(4);
    expect(await source().near({ lat: -3.119, lng: -60.0217 }, { points: 3, radius_km: 50 })).toEqual([]);
  });

  it('reads regional and national services and skips a row without a name', () => {
    expect(
      pointOfRow({ nome: 'Ligue 180', categoria: { nome: 'Central' }, distancia: 'Nacional - 0 ' }),
    ).toEqual([{ name: 'Ligue 180', category: 'Central', phone: '', address: '', distance_km: null }]);
    expect(pointOfRow({ nome: 'CRM', distancia: 'Regional - 12', telefone1: '180' })[0]).toMatchObject({
      category: '',
      phone: '180',
      distance_km: 12,
    });
    expect(pointOfRow({ nome: 'X', distancia: 7 })[0]?.distance_km).toBe(7);
    expect(pointOfRow({ nome: '  ', distancia: 7 })).toEqual([]);
    expect(pointOfRow('row')).toEqual([]);
  });

  it('fails on a wrong token, an HTTP error, an answer without rows or that is not JSON', async () => {
    const near = (s = source()) => s.near(PAULISTA, { points: 3, radius_km: 50 });
    await expect(near(source('wrong'))).rejects.toThrow(/HTTP 400/);
    await expect(near(source(null))).rejects.toThrow(/HTTP 400/);
    penhas.mode = 'http_500';
    await expect(near()).rejects.toThrow(/127\.0\.0\.1:\d+: HTTP 500/);
    penhas.mode = 'no_rows';
    await expect(near()).rejects.toThrow(/no rows in the answer/);
    penhas.mode = 'not_json';
    await expect(near()).rejects.toThrow(/not JSON/);
  });

  it('gives up after 3 seconds without an answer', async () => {
    penhas.mode = 'hang';
    const started = Date.now();
    await expect(source().near(PAULISTA, { points: 3, radius_km: 50 })).rejects.toThrow(/no answer in time/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(Date.now() - started).toBeLessThan(4500);
  });
});

describe('SUPPORT_POINTS=penhas', () => {
  const configured = (log: { warn(object: object, message: string): void }) =>
    configuredLookup(
      testDb.db,
      {
        geocoding: { provider: 'here', apiKey: FAKE_GEOCODING_KEY, baseUrl: geocoding.url },
        supportPoints: { source: 'penhas', url: penhas.url, token: FAKE_PENHAS_TOKEN },
      },
      log,
    );

  it('geocodes with GEOCODER and lists the endpoint points (not the directory)', async () => {
    await testDb.db
      .insertInto('support_points')
      .values({ name: 'Only in the directory', ...PAULISTA })
      .execute();
    const { logger } = memoryLogger('warn');
    const result = await configured(logger)('01310100', { points: 2, radius_km: 50 });
    expect(result).toMatchObject({
      status: 'found',
      human_address: 'Avenida Paulista, São Paulo - SP',
      services: [{ name: '1ª DDM Centro' }, { name: 'Casa da Mulher Brasileira' }],
    });
    expect(await configured(logger)('69000000', { points: 3, radius_km: 30 })).toMatchObject({
      status: 'no_services',
      radius_km: 30,
    });
  });

  it('a failure is a failed lookup and one warning: stage, provider, masked CEP, duration, error', async () => {
    const { logger, lines } = memoryLogger('warn');
    penhas.mode = 'http_500';
    expect(await configured(logger)('01310100')).toEqual({ status: 'failed' });
    geocoding.mode = 'http_500';
    expect(await configured(logger)('02000000')).toEqual({ status: 'failed' });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toMatchObject([
      {
        level: 40,
        msg: 'CEP lookup failed',
        stage: 'support_points',
        provider: 'penhas',
        cep: '01310-***',
        error: expect.stringMatching(/^SupportPointsFailed: 127\.0\.0\.1:\d+: HTTP 500$/),
      },
      { stage: 'geocode', provider: 'here', cep: '02000-***', error: expect.stringMatching(/HTTP 500/) },
    ]);
    expect(typeof logged[0]?.duration_ms).toBe('number');
    expect(lines.join('\n')).not.toMatch(/01310100|01310-100|02000000|02000-000/);
    expect(lines.join('\n')).not.toContain(FAKE_PENHAS_TOKEN);
  });
});
