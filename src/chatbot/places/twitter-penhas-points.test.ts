import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../../test/harness/app.js';
import { penhasBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { memoryLogger } from '../../../test/harness/logs.js';
import { FAKE_PENHAS_TOKEN, FakePenhasPoints } from '../../../test/harness/penhas-points.js';
import { addTwitterChannel, FakeTwitter } from '../../../test/harness/twitter.js';
import { twitterChat } from '../../../test/harness/twitter-chat.js';

const testDb = setupTestDatabase();

/**
 * The PenhaS bot on the Twitter fake as a PenhaS deployment runs it: the CEP geocoded by the Google
 * fake, the support points from the fake of PenhaS's `/ponto-apoio-unlimited` (SUPPORT_POINTS=penhas).
 */
describe('CEP lookup from a PenhaS-shaped endpoint, end to end on Twitter', () => {
  let app: TestApp;
  let twitter: FakeTwitter;
  let geocoding: FakeGeocoding;
  let penhas: FakePenhasPoints;
  const log = memoryLogger('warn');
  let channelId = 0;
  let chat: ReturnType<typeof twitterChat>;
  const user = '4001';

  beforeAll(async () => {
    geocoding = await FakeGeocoding.start();
    geocoding.places.set('01310-100', {
      lat: -23.5614,
      lng: -46.6559,
      label: 'Avenida Paulista, São Paulo - SP',
    });
    penhas = await FakePenhasPoints.start();
    penhas.points.push(
      {
        nome: 'Casa da Mulher Brasileira',
        categoria: 'Centro de Referência',
        latitude: -23.5655,
        longitude: -46.6246,
        ddd: '11',
        telefone1: '32758000',
        tipo_logradouro: 'Rua',
        nome_logradouro: 'Vieira Ravasco',
        numero: 26,
      },
      {
        nome: 'Ligue 180',
        categoria: 'Central de Atendimento',
        latitude: 0,
        longitude: 0,
        abrangencia: 'Nacional',
      },
    );
    app = await buildTestApp(testDb.db, {
      logger: log.logger,
      config: testConfig({
        PARLEY_SECRET: TEST_SECRET,
        GEOCODER: 'google',
        GOOGLE_GEOCODING_KEY: FAKE_GEOCODING_KEY,
        GOOGLE_GEOCODING_URL: geocoding.url,
        SUPPORT_POINTS: 'penhas',
        SUPPORT_POINTS_URL: penhas.url,
        SUPPORT_POINTS_TOKEN: FAKE_PENHAS_TOKEN,
      }),
    });
    twitter = await FakeTwitter.start();
    channelId = await addTwitterChannel(
      testDb.db,
      TEST_SECRET,
      await penhasBotId(testDb.db, 'Penha'),
      twitter.url,
    );
    // Only in Parley's own directory: never listed while the endpoint is the source.
    await testDb.db
      .insertInto('support_points')
      .values({ name: 'Diretório Parley', lat: -23.5614, lng: -46.6559 })
      .execute();
    chat = twitterChat({ app, db: testDb.db, twitter, secret: TEST_SECRET, channelId, user });
  });
  afterAll(async () => {
    await app.close();
    await twitter.close();
    await geocoding.stop();
    await penhas.stop();
  });

  it('an endpoint with no answer in 3 s: a friendly message, the question again, then the points it lists', async () => {
    const question = await chat.toPenhasCepQuestion();

    penhas.mode = 'hang';
    const started = Date.now();
    const failed = await chat.answerTo('01310-100');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(failed[0]).toMatch(/^Não consegui buscar o CEP 01310-100 agora\./);
    expect(failed).toContain(question);
    const warning = log.lines.map((line) => JSON.parse(line)).find((l) => l.msg === 'CEP lookup failed');
    expect(warning).toMatchObject({
      stage: 'support_points',
      provider: 'penhas',
      cep: '01310-***',
      error: expect.stringMatching(/no answer in time/),
    });
    expect(warning.duration_ms).toBeGreaterThanOrEqual(2900);

    penhas.mode = 'normal';
    const found = (await chat.answerTo('01310100')).join('\n');
    expect(found).toContain('Estes são os resultados que encontrei para Avenida Paulista, São Paulo - SP:');
    expect(found).toContain(
      'Casa da Mulher Brasileira (Centro de Referência)\nTelefone: +551132758000\nEndereço: Rua Vieira Ravasco, 26\nDistância: 3,0 km',
    );
    expect(found).toContain('Ligue 180 (Central de Atendimento)');
    expect(found).not.toContain('Diretório Parley');
    const asked = penhas.requests.at(-1)?.searchParams;
    expect([asked?.get('rows'), asked?.get('max_distance'), asked?.get('token')]).toEqual([
      '3',
      '50',
      FAKE_PENHAS_TOKEN,
    ]);
  });
});
