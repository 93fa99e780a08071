import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHATSAPP_SIGNATURE_HEADER } from '../../../../common/api/channels.js';
import { buildTestApp, type TestApp, testConfig } from '../../../../test/harness/app.js';
import { demoBotId, TEST_SECRET } from '../../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { memoryLogger } from '../../../../test/harness/logs.js';
import {
  addWhatsAppChannel,
  FAKE_APP_SECRET,
  FAKE_DISPLAY_NUMBER,
  FakeWhatsApp,
  interactiveReply,
  signedWebhook,
  statusPayload,
  textMessage,
  webhookPayload,
} from '../../../../test/harness/whatsapp.js';
import { retryFailed } from '../../delivery/failures.js';
import { deliverDue } from '../../delivery/loop.js';
import { channelAdapters } from '../adapters.js';
import { boxesOf } from '../runtime-deps.js';
import { hubSignature } from './signature.js';

const testDb = setupTestDatabase();

describe('WhatsApp channel', () => {
  let app: TestApp;
  let fake: FakeWhatsApp;
  let channel: { id: number; verifyToken: string };
  const captured = memoryLogger('error', 50);
  const url = () => `/api/channels/${channel.id}/whatsapp`;
  const post = (body: unknown, secret?: string) =>
    app.app.inject({ method: 'POST', url: url(), ...signedWebhook(body, secret) });
  const deliver = (at = new Date()) =>
    deliverDue(testDb.db, {
      adapters: channelAdapters(TEST_SECRET),
      addresses: boxesOf(TEST_SECRET).addresses,
      clock: () => at,
    });
  const count = async (table: 'bot_inbound' | 'bot_conversations' | 'bot_outbox') => {
    const row = await testDb.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const outboxByRemote = (remoteId: string) =>
    testDb.db
      .selectFrom('bot_outbox')
      .select(['id', 'remote_status', 'failed_at', 'last_error', 'sent_at'])
      .where('remote_id', '=', remoteId)
      .executeTakeFirstOrThrow();
  const lastCall = () => fake.calls[fake.calls.length - 1]?.body as Record<string, never>;

  beforeAll(async () => {
    app = await buildTestApp(testDb.db, {
      config: testConfig({ PARLEY_SECRET: TEST_SECRET }),
      logger: captured.logger,
    });
    fake = await FakeWhatsApp.start();
    channel = await addWhatsAppChannel(testDb.db, TEST_SECRET, await demoBotId(testDb.db), fake.url);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it("answers Meta's verification challenge with the verify token only", async () => {
    const get = (query: string) => app.app.inject({ method: 'GET', url: `${url()}?${query}` });
    const token = encodeURIComponent(channel.verifyToken);
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toContain('text/plain');
    expect((await get('hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1')).statusCode).toBe(403);
    expect((await get(`hub.verify_token=${token}&hub.challenge=1`)).statusCode).toBe(403);
    expect((await get(`hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=%3Cb%3E`)).statusCode).toBe(
      403,
    );
    expect((await get('')).statusCode).toBe(403);
    const other = await app.app.inject({
      method: 'GET',
      url: `/api/channels/999999/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1`,
    });
    expect(other.statusCode).toBe(404);
  });

  it('runs a message, replies with reply buttons, records the id, and takes a button press', async () => {
    const first = await post(textMessage('5511900000001', 'oi'));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'ok' });
    await deliver();
    type Buttons = {
      type: string;
      body: { text: string };
      action: { buttons: { reply: { id: string; title: string } }[] };
    };
    const hello = fake.sentTo('5511900000001')[0];
    expect(hello).toMatchObject({ messaging_product: 'whatsapp', type: 'interactive' });
    const interactive = (hello as unknown as { interactive: Buttons }).interactive;
    expect(interactive.type).toBe('button');
    expect(interactive.body.text).toContain('Olá!');
    expect(interactive.action.buttons.map((b) => b.reply.title)).toEqual(['👍 Sim', '👎 Não']);
    const row = await outboxByRemote(`wamid.fake${fake.calls.length}`);
    expect(row.sent_at).not.toBeNull();

    await post(interactiveReply('5511900000001', interactive.action.buttons[0]?.reply.id ?? ''));
    await deliver();
    const second = fake.sentTo('5511900000001')[1] as {
      text?: { body: string };
      interactive?: { body: { text: string } };
    };
    expect(second.text?.body ?? second.interactive?.body.text).toContain(
      'Vou fazer algumas perguntas rápidas.',
    );
  });

  it('refuses a missing or wrong signature with nothing stored', async () => {
    const before = await count('bot_inbound');
    const body = textMessage('5511900000002', 'oi');
    const wrong = await post(body, 'ffffffffffffffffffffffffffffffff');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('bad_signature');
    const signed = signedWebhook(body);
    const tampered = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: signed.headers,
      payload: signed.payload.replace('oi', 'ai'),
    });
    expect(tampered.statusCode).toBe(401);
    const missing = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(missing.statusCode).toBe(401);
    expect(await count('bot_inbound')).toBe(before);
  });

  it('runs a message delivered twice (same id) once', async () => {
    const body = textMessage('5511900000003', 'oi');
    const inbound = await count('bot_inbound');
    const outbox = await count('bot_outbox');
    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(200);
    expect(await count('bot_inbound')).toBe(inbound + 1);
    expect(await count('bot_outbox')).toBe(outbox + 1);
  });

  it("skips the business number's own messages, other numbers, and what it does not handle", async () => {
    const before = await count('bot_inbound');
    const echo = textMessage(FAKE_DISPLAY_NUMBER, 'oi');
    const otherNumber = textMessage('5511900000004', 'oi') as {
      entry: { changes: { value: { metadata: { phone_number_id: string } } }[] }[];
    };
    const metadata = otherNumber.entry[0]?.changes[0]?.value.metadata;
    if (metadata) metadata.phone_number_id = '999';
    const image = webhookPayload({
      messages: [{ from: '5511900000004', id: 'wamid.img', type: 'image', image: { id: '1' } }],
    });
    for (const body of [echo, otherNumber, image, { object: 'page' }, [], null]) {
      const response = await post(body);
      expect(response.statusCode).toBe(200);
    }
    expect(await count('bot_inbound')).toBe(before);
  });

  it('records status callbacks on the outbox row, forward only; failed marks it failed', async () => {
    await post(textMessage('5511900000005', 'oi'));
    await deliver();
    const remoteId = `wamid.fake${fake.calls.length}`;
    await post(
      statusPayload([
        { id: remoteId, status: 'delivered' },
        { id: remoteId, status: 'sent' },
      ]),
    );
    expect((await outboxByRemote(remoteId)).remote_status).toBe('delivered');
    await post(statusPayload([{ id: remoteId, status: 'read' }]));
    await post(
      statusPayload([
        { id: remoteId, status: 'delivered' },
        { id: 'wamid.unknown', status: 'read' },
      ]),
    );
    expect((await outboxByRemote(remoteId)).remote_status).toBe('read');

    await post(textMessage('5511900000006', 'oi'));
    await deliver();
    const failedId = `wamid.fake${fake.calls.length}`;
    await post(
      statusPayload([
        { id: failedId, status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] },
      ]),
    );
    const failed = await outboxByRemote(failedId);
    expect(failed.remote_status).toBe('failed');
    expect(failed.failed_at).not.toBeNull();
    expect(failed.last_error).toBe('WhatsApp: 131026 Message undeliverable');
    // Retried from Delivery failures: queued again (not sent), and sent again.
    expect((await retryFailed(testDb.db, failed.id, new Date())).retried).toBe(1);
    const calls = fake.calls.length;
    expect((await deliver(new Date(Date.now() + 1000))).sent).toBe(1);
    expect(fake.calls.length).toBe(calls + 1);
    const again = await outboxByRemote(`wamid.fake${fake.calls.length}`);
    expect(again).toMatchObject({ id: failed.id, remote_status: null, failed_at: null });
  });

  it('sends nothing outside the 24-hour customer-service window', async () => {
    await deliver();
    await post(textMessage('5511900000007', 'oi'));
    const conversation = await testDb.db
      .selectFrom('bot_outbox')
      .select('conversation_id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirstOrThrow();
    const calls = fake.calls.length;
    // The person wrote 24 h and 1 min before the delivery pass.
    const later = new Date(Date.now() + 24 * 3_600_000 + 60_000);
    expect((await deliver(later)).failed).toBe(1);
    expect(fake.calls.length).toBe(calls);
    const row = await testDb.db
      .selectFrom('bot_outbox')
      .select('last_error')
      .where('conversation_id', '=', conversation.conversation_id)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toBe('outside_customer_service_window');

    // WhatsApp's own verdict (#131047, re-engagement) means the same.
    fake.answers.push({ status: 400, code: 131047, message: 'Re-engagement message' });
    await post(textMessage('5511900000008', 'oi'));
    expect((await deliver()).failed).toBe(1);
    const remote = await testDb.db
      .selectFrom('bot_outbox')
      .select('last_error')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(remote.last_error).toBe('outside_customer_service_window');
  });

  it('retries 429, throttling codes and 5xx, then sends; fails at once on another 4xx', async () => {
    await deliver();
    fake.answers.push({ status: 429, code: 130429 }, { status: 400, code: 131056 }, { status: 503 });
    await post(textMessage('5511900000009', 'oi'));
    const start = new Date();
    expect((await deliver(start)).retried).toBe(1);
    expect((await deliver(new Date(start.getTime() + 60_000))).retried).toBe(1);
    expect((await deliver(new Date(start.getTime() + 120_000))).retried).toBe(1);
    expect((await deliver(new Date(start.getTime() + 600_000))).sent).toBe(1);
    expect(fake.sentTo('5511900000009')).toHaveLength(4);

    fake.answers.push({ status: 400, code: 100, message: 'Invalid parameter' });
    await post(textMessage('5511900000010', 'oi'));
    expect((await deliver(new Date(start.getTime() + 700_000))).failed).toBe(1);
    const failed = await testDb.db
      .selectFrom('bot_outbox')
      .select('last_error')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(failed.last_error).toBe('WhatsApp answered 400 (#100): Invalid parameter');
    expect(lastCall()).toMatchObject({ to: '5511900000010' });
  });

  it('fuzz: random bodies and headers are never a 500 and never a row', async () => {
    const before = { inbound: await count('bot_inbound'), conversations: await count('bot_conversations') };
    const key = fc.constantFrom(
      'object',
      'entry',
      'changes',
      'field',
      'value',
      'metadata',
      'messages',
      'statuses',
      'from',
      'id',
      'type',
      'text',
      'body',
    );
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(key, fc.string()), tie('value'), { maxKeys: 5 }),
    })).value;
    const body = fc.oneof(
      json.map((value) => JSON.stringify(value)),
      fc.string(),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    );
    const signature = fc.constantFrom('good', 'other body', 'missing', 'garbage');
    await fc.assert(
      fc.asyncProperty(body, signature, fc.string({ maxLength: 100 }), async (raw, kind, garbage) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (kind === 'good') headers[WHATSAPP_SIGNATURE_HEADER] = hubSignature(FAKE_APP_SECRET, raw);
        if (kind === 'other body') headers[WHATSAPP_SIGNATURE_HEADER] = hubSignature(FAKE_APP_SECRET, 'x');
        if (kind === 'garbage' && /^[\t\x20-\x7e]*$/.test(garbage))
          headers[WHATSAPP_SIGNATURE_HEADER] = garbage;
        const response = await app.app.inject({ method: 'POST', url: url(), headers, payload: raw });
        expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    expect(await count('bot_inbound')).toBe(before.inbound);
    expect(await count('bot_conversations')).toBe(before.conversations);
    expect(captured.lines).toEqual([]);
  });
});
