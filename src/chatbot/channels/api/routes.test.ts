import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../../../test/harness/app.js';
import { addApiChannel, FakeCallback, signedInbound } from '../../../../test/harness/channels.js';
import { demoBotId, TEST_SECRET } from '../../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { deliverDue } from '../../delivery/loop.js';
import { channelAdapters } from '../adapters.js';
import { boxesOf } from '../runtime-deps.js';

const testDb = setupTestDatabase();

describe('HTTP API channel', () => {
  let app: TestApp;
  let fake: FakeCallback;
  let channel: { id: number; secret: string };
  const url = () => `/api/channels/${channel.id}/inbound`;
  const deliver = () =>
    deliverDue(testDb.db, {
      adapters: channelAdapters(TEST_SECRET),
      addresses: boxesOf(TEST_SECRET).addresses,
    });
  const counts = async () => {
    const row = await testDb.db
      .selectFrom('bot_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    app = await buildTestApp(testDb.db, { config: testConfig({ PARLEY_SECRET: TEST_SECRET }) });
    fake = await FakeCallback.start();
    const botId = await demoBotId(testDb.db);
    channel = await addApiChannel(testDb.db, TEST_SECRET, botId, fake.url);
    fake.secret = channel.secret;
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('runs a signed message, answers once it is stored, and delivers the replies signed, in order', async () => {
    const request = signedInbound(channel.secret, { event_id: 'e-1', user: 'person-1', text: 'oi' });
    const response = await app.app.inject({ method: 'POST', url: url(), ...request });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'processed' });
    await deliver();
    const received = await fake.waitFor(1);
    expect(received[0]?.signatureOk).toBe(true);
    expect(received[0]?.body.user).toBe('person-1');
    expect(received[0]?.body.message.text).toContain('Olá!');
    const options = received[0]?.body.message.options ?? [];
    expect(options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);

    const press = signedInbound(channel.secret, {
      event_id: 'e-2',
      user: 'person-1',
      choose: options[0]?.value,
    });
    expect((await app.app.inject({ method: 'POST', url: url(), ...press })).statusCode).toBe(200);
    await deliver();
    const texts = fake.textsFor('person-1');
    expect(texts[1]).toContain('Vou fazer algumas perguntas rápidas.');
    const ids = fake.received.map((r) => r.body.message.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('acknowledges a redelivery without running it again', async () => {
    const request = signedInbound(channel.secret, { event_id: 'e-dup', user: 'person-2', text: 'oi' });
    const first = await app.app.inject({ method: 'POST', url: url(), ...request });
    const again = await app.app.inject({ method: 'POST', url: url(), ...request });
    expect(first.json()).toEqual({ status: 'processed' });
    expect(again.json()).toEqual({ status: 'duplicate' });
    const outbox = await testDb.db
      .selectFrom('bot_outbox')
      .innerJoin('bot_inbound', 'bot_inbound.conversation_id', 'bot_outbox.conversation_id')
      .select('bot_outbox.id')
      .where('bot_inbound.event_id', '=', 'e-dup')
      .execute();
    expect(outbox).toHaveLength(1);
  });

  it('refuses forged, stale and malformed requests with nothing stored', async () => {
    const before = await counts();
    const body = { event_id: 'e-bad', user: 'person-3', text: 'oi' };
    const forged = signedInbound('not-the-secret', body);
    const r1 = await app.app.inject({ method: 'POST', url: url(), ...forged });
    expect(r1.statusCode).toBe(401);
    expect(r1.json().error.code).toBe('bad_signature');

    const stale = signedInbound(channel.secret, body, new Date(Date.now() - 6 * 60_000));
    const r2 = await app.app.inject({ method: 'POST', url: url(), ...stale });
    expect(r2.statusCode).toBe(401);
    expect(r2.json().error.code).toBe('stale_request');

    const signed = signedInbound(channel.secret, body);
    const tampered = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: signed.headers,
      payload: signed.payload.replace('oi', 'ai'),
    });
    expect(tampered.statusCode).toBe(401);

    const noHeaders = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(noHeaders.statusCode).toBe(401);

    const both = signedInbound(channel.secret, { ...body, choose: 'x' });
    const r3 = await app.app.inject({ method: 'POST', url: url(), ...both });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.details[0].path).toBe('body');

    const long = signedInbound(channel.secret, { ...body, text: 'x'.repeat(4001) });
    const r4 = await app.app.inject({ method: 'POST', url: url(), ...long });
    expect(r4.statusCode).toBe(400);
    expect(r4.json().error.details[0].path).toBe('body/text');

    const badJson = signedInbound(channel.secret, {});
    const r5 = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: { ...badJson.headers, ...signedInbound(channel.secret, '{').headers },
      payload: '{',
    });
    expect([400, 401]).toContain(r5.statusCode);

    const unknown = signedInbound(channel.secret, body);
    const r6 = await app.app.inject({ method: 'POST', url: '/api/channels/999999/inbound', ...unknown });
    expect(r6.statusCode).toBe(404);

    expect(await counts()).toBe(before);
  });
});
