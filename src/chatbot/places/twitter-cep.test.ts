import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../../test/harness/app.js';
import { penhasBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { addTwitterChannel, FakeTwitter } from '../../../test/harness/twitter.js';
import { twitterChat } from '../../../test/harness/twitter-chat.js';

const testDb = setupTestDatabase();

/**
 * The PenhaS bot on the Twitter fake, its CEP geocoded by the HERE fake and answered from Parley's
 * support-point directory (GEOCODER=here).
 */
describe('CEP lookup from the support-point directory, end to end on Twitter', () => {
  let app: TestApp;
  let twitter: FakeTwitter;
  let geocoding: FakeGeocoding;
  let channelId = 0;
  let chat: ReturnType<typeof twitterChat>;
  const user = '3001';

  beforeAll(async () => {
    geocoding = await FakeGeocoding.start();
    geocoding.places.set('01310-100', {
      lat: -23.5614,
      lng: -46.6559,
      label: 'Avenida Paulista, São Paulo - SP',
    });
    geocoding.places.set('69000-000', { lat: -3.119, lng: -60.0217, label: 'Manaus - AM' });
    app = await buildTestApp(testDb.db, {
      config: testConfig({
        PARLEY_SECRET: TEST_SECRET,
        GEOCODER: 'here',
        HERE_API_KEY: FAKE_GEOCODING_KEY,
        HERE_GEOCODING_URL: geocoding.url,
      }),
    });
    twitter = await FakeTwitter.start();
    channelId = await addTwitterChannel(
      testDb.db,
      TEST_SECRET,
      await penhasBotId(testDb.db, 'Penha'),
      twitter.url,
    );
    await testDb.db
      .insertInto('support_points')
      .values([
        {
          name: 'Centro de Referência Parley',
          category: 'CRM',
          phone: '(11) 5555-0000',
          lat: -23.5655,
          lng: -46.6246,
        },
        { name: 'DDM Parley', category: 'Delegacia', address: 'Rua Um, 1', lat: -23.5503, lng: -46.6339 },
      ])
      .execute();
    chat = twitterChat({ app, db: testDb.db, twitter, secret: TEST_SECRET, channelId, user });
  });
  afterAll(async () => {
    await app.close();
    await twitter.close();
    await geocoding.stop();
  });

  it('walks to the CEP question; bad CEPs, a failing provider and a CEP with no services re-ask it; then the nearest points', async () => {
    const question = await chat.toPenhasCepQuestion();

    expect((await chat.answerTo('abc')).join('\n')).toMatch(/^Não encontrei os dígitos para buscar o CEP!/);
    expect((await chat.answerTo('0131')).join('\n')).toMatch(
      /^Não encontrei dígitos suficientes para buscar o CEP!/,
    );
    expect((await chat.answerTo('01310-1000')).join('\n')).toMatch(
      /^Encontrei dígitos demais para buscar o CEP!/,
    );

    geocoding.mode = 'http_500';
    const failed = await chat.answerTo('01310-100');
    expect(failed.join('\n')).toMatch(/^Não consegui buscar o CEP 01310-100 agora\./);
    expect(failed).toContain(question);
    geocoding.mode = 'normal';

    expect((await chat.answerTo('99999-999')).join('\n')).toMatch(/^Não encontrei a rua do CEP 99999-999!/);
    expect((await chat.answerTo('69000-000')).join('\n')).toMatch(
      /^Não encontrei serviço de atendimento num raio de 50 km de Manaus - AM!/,
    );

    const found = (await chat.answerTo('01310-100')).join('\n');
    expect(found).toContain('Estes são os resultados que encontrei para Avenida Paulista, São Paulo - SP:');
    expect(found).toContain('DDM Parley (Delegacia)\nEndereço: Rua Um, 1\nDistância: 2,6 km');
    expect(found).toContain('Centro de Referência Parley (CRM)\nTelefone: (11) 5555-0000');
    expect(found.indexOf('DDM Parley')).toBeLessThan(found.indexOf('Centro de Referência Parley'));
  });
});
