import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { sampleLookup } from '../lookup.js';
import { configuredLookup } from './configured.js';

const testDb = setupTestDatabase();

describe('GEOCODER', () => {
  it('is the sample table by default, and names what a provider lacks', () => {
    expect(testConfig().geocoding).toEqual({ provider: 'sample' });
    expect(configuredLookup(testDb.db, testConfig())).toBe(sampleLookup);
    expect(() => testConfig({ GEOCODER: 'google' })).toThrow('GEOCODER=google needs GOOGLE_GEOCODING_KEY');
    expect(() => testConfig({ GEOCODER: 'here', HERE_API_KEY: 'k', HERE_GEOCODING_URL: 'ftp://x' })).toThrow(
      'HERE_GEOCODING_URL must start with http:// or https://',
    );
    expect(() => testConfig({ GEOCODER: 'osm' })).toThrow(
      'GEOCODER must be sample, csv, google or here (got "osm")',
    );
  });

  it('csv: the local table with the directory', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ceps-')), 'ceps.csv');
    writeFileSync(file, 'cep,lat,lng,label\n01310-100,-23.5614,-46.6559,Avenida Paulista\n');
    await testDb.db
      .insertInto('support_points')
      .values({ name: 'DDM Centro', lat: -23.5503, lng: -46.6339 })
      .execute();
    const lookup = configuredLookup(testDb.db, testConfig({ GEOCODER: 'csv', GEOCODER_CSV: file }));
    expect(await lookup('01310100')).toMatchObject({
      status: 'found',
      human_address: 'Avenida Paulista',
      services: [{ name: 'DDM Centro', distance_km: 2.6 }],
    });
    expect(await lookup('02000000')).toEqual({ status: 'not_found' });
  });
});

describe('SUPPORT_POINTS', () => {
  it('is the directory by default; penhas needs its URL and a real geocoder', () => {
    expect(testConfig().supportPoints).toEqual({ source: 'directory' });
    const here = { GEOCODER: 'here', HERE_API_KEY: 'k' };
    expect(
      testConfig({
        ...here,
        SUPPORT_POINTS: 'penhas',
        SUPPORT_POINTS_URL: 'https://api.example.org/ponto-apoio-unlimited',
        SUPPORT_POINTS_TOKEN: 's3cret',
      }).supportPoints,
    ).toEqual({ source: 'penhas', url: 'https://api.example.org/ponto-apoio-unlimited', token: 's3cret' });
    expect(() => testConfig({ ...here, SUPPORT_POINTS: 'penhas' })).toThrow(
      'SUPPORT_POINTS=penhas needs SUPPORT_POINTS_URL',
    );
    expect(() => testConfig({ ...here, SUPPORT_POINTS: 'penhas', SUPPORT_POINTS_URL: 'ftp://x' })).toThrow(
      'SUPPORT_POINTS_URL must start with http:// or https://',
    );
    expect(() => testConfig({ SUPPORT_POINTS: 'penhas', SUPPORT_POINTS_URL: 'https://x.org/p' })).toThrow(
      'SUPPORT_POINTS=penhas needs GEOCODER csv, google or here',
    );
    expect(() => testConfig({ SUPPORT_POINTS: 'mapa' })).toThrow(
      'SUPPORT_POINTS must be directory or penhas (got "mapa")',
    );
  });
});
