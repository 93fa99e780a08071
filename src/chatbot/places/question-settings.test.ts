import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, TestChat } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { importBundle } from '../commands/import-bundle.js';
import type { NearWanted } from '../engine/index.js';
import type { CepLookup } from '../lookup.js';
import { readRevision } from '../revisions.js';
import { hereGeocoder } from './geocoders.js';
import { cepLookup } from './lookup.js';
import { directorySource } from './sources.js';

const testDb = setupTestDatabase();
const T0 = new Date('2026-12-05T12:00:00Z');

/** The demo bot with its CEP question set to list one point within 10 km. */
function demoWith(settings: Record<string, number>): unknown {
  const bundle = JSON.parse(readFileSync(new URL('../demo/demo-bot.json', import.meta.url), 'utf8')) as {
    questionnaires: { questions: Record<string, unknown>[] }[];
  };
  const cep = bundle.questionnaires[0]?.questions.find((q) => q.code === 'P_CEP');
  if (!cep) throw new Error('the demo bot has no P_CEP');
  Object.assign(cep, settings);
  return bundle;
}

describe("a CEP question's own number of points and radius, through the runtime", () => {
  let geocoding: FakeGeocoding;
  beforeAll(async () => {
    geocoding = await FakeGeocoding.start();
    geocoding.places.set('01310-100', { lat: -23.5614, lng: -46.6559, label: 'Avenida Paulista' });
    await testDb.db
      .insertInto('support_points')
      .values([
        { name: 'DDM Centro', lat: -23.5503, lng: -46.6339 },
        { name: 'Casa da Mulher Brasileira', lat: -23.5655, lng: -46.6246 },
        { name: 'CRAM Santo André', lat: -23.6639, lng: -46.5383 },
      ])
      .execute();
  });
  afterAll(() => geocoding.stop());

  it('are stored with the revision and asked of the lookup; the directory lists that many within that radius', async () => {
    const imported = await importBundle(testDb.db, {
      bundle: demoWith({ points: 1, radius_km: 10 }),
      botName: 'Um ponto',
      actorId: null,
    });
    const revision = await readRevision(testDb.db, imported.revision.id);
    expect(revision.bundle.questionnaires[0]?.questions.find((q) => q.code === 'P_CEP')).toMatchObject({
      points: 1,
      radius_km: 10,
    });

    const asked: NearWanted[] = [];
    const directory = cepLookup(
      testDb.db,
      hereGeocoder({ apiKey: FAKE_GEOCODING_KEY, baseUrl: geocoding.url }),
      directorySource(testDb.db),
    );
    const lookup: CepLookup = (cep, wanted) => {
      if (wanted) asked.push(wanted);
      return directory(cep, wanted);
    };
    const chat = new TestChat(
      { db: testDb.db, secret: TEST_SECRET, lookup },
      imported.bot.id,
      'one-point',
      T0,
    );
    await chat.say('oi');
    await chat.press('👍 Sim');
    await chat.press('Achar um serviço');
    const found = await chat.say('01310-100');
    expect(asked).toEqual([{ points: 1, radius_km: 10 }]);
    expect(found.messages.map((m) => m.text)).toEqual([
      'Estes são os resultados que encontrei para Avenida Paulista:',
      'DDM Centro\nDistância: 2,6 km',
      'Espero ter ajudado! Guarde esses contatos em um lugar seguro.',
    ]);
  });

  it('a question without them asks for 3 within 50 km', async () => {
    const imported = await importBundle(testDb.db, {
      bundle: demoWith({}),
      botName: 'Padrão',
      actorId: null,
    });
    const asked: (NearWanted | undefined)[] = [];
    const lookup: CepLookup = async (_cep, wanted) => {
      asked.push(wanted);
      return { status: 'not_found' };
    };
    const chat = new TestChat({ db: testDb.db, secret: TEST_SECRET, lookup }, imported.bot.id, 'default', T0);
    await chat.say('oi');
    await chat.press('👍 Sim');
    await chat.press('Achar um serviço');
    await chat.say('01310-100');
    expect(asked).toEqual([{ points: 3, radius_km: 50 }]);
  });
});
