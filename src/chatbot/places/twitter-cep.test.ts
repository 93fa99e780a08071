import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../../test/harness/app.js';
import { penhasBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { FAKE_GEOCODING_KEY, FakeGeocoding } from '../../../test/harness/geocoders.js';
import { addTwitterChannel, dmEvent, FakeTwitter, signedTwitter } from '../../../test/harness/twitter.js';
import { channelAdapters } from '../channels/adapters.js';
import { boxesOf } from '../channels/runtime-deps.js';
import { deliverDue } from '../delivery/loop.js';

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
  });
  afterAll(async () => {
    await app.close();
    await twitter.close();
    await geocoding.stop();
  });

  const send = async (body: unknown) => {
    const response = await app.app.inject({
      method: 'POST',
      url: `/api/channels/${channelId}/twitter`,
      ...signedTwitter(body),
    });
    expect(response.statusCode).toBe(200);
    await deliverDue(testDb.db, {
      adapters: channelAdapters(TEST_SECRET),
      addresses: boxesOf(TEST_SECRET).addresses,
      clock: () => new Date(),
    });
  };
  const sent = () => twitter.sentTo(user).map((m) => String(m.text));
  /** What the bot sent in answer to one message. */
  const answerTo = async (text: string) => {
    const before = sent().length;
    await send(dmEvent(user, { text }));
    return sent().slice(before);
  };
  const press = async (label: string) => {
    const withOptions = twitter.sentTo(user).filter((m) => m.quick_reply !== undefined);
    const last = withOptions[withOptions.length - 1]?.quick_reply as
      | { options: { label: string; metadata: string }[] }
      | undefined;
    const options = last?.options ?? [];
    const option = options.find((o) => o.label === label);
    expect(option, `${label} among ${options.map((o) => o.label).join(', ')}`).toBeDefined();
    await send(dmEvent(user, { metadata: option?.metadata ?? '' }));
  };

  it('walks to the CEP question; bad CEPs, a failing provider and a CEP with no services re-ask it; then the nearest points', async () => {
    await send(dmEvent(user, { text: 'oi' }));
    await press('👍 Sim');
    await press('Para outra pessoa');
    await press('Achar um serviço perto');
    const question = 'Digite o CEP (só números).';
    expect(sent()).toContain(question);

    expect((await answerTo('abc')).join('\n')).toMatch(/^Não encontrei os dígitos para buscar o CEP!/);
    expect((await answerTo('0131')).join('\n')).toMatch(
      /^Não encontrei dígitos suficientes para buscar o CEP!/,
    );
    expect((await answerTo('01310-1000')).join('\n')).toMatch(/^Encontrei dígitos demais para buscar o CEP!/);

    geocoding.mode = 'http_500';
    const failed = await answerTo('01310-100');
    expect(failed.join('\n')).toMatch(/^Não consegui buscar o CEP 01310-100 agora\./);
    geocoding.mode = 'normal';

    expect((await answerTo('99999-999')).join('\n')).toMatch(/^Não encontrei a rua do CEP 99999-999!/);
    expect((await answerTo('69000-000')).join('\n')).toMatch(
      /^Não encontrei serviço de atendimento num raio de 50 km de Manaus - AM!/,
    );

    const found = (await answerTo('01310-100')).join('\n');
    expect(found).toContain('Estes são os resultados que encontrei para Avenida Paulista, São Paulo - SP:');
    expect(found).toContain('DDM Parley (Delegacia)\nEndereço: Rua Um, 1\nDistância: 2,6 km');
    expect(found).toContain('Centro de Referência Parley (CRM)\nTelefone: (11) 5555-0000');
    expect(found.indexOf('DDM Parley')).toBeLessThan(found.indexOf('Centro de Referência Parley'));
  });
});
