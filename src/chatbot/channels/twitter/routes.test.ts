import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWITTER_SIGNATURE_HEADER } from '../../../../common/api/channels.js';
import { buildTestApp, type TestApp, testConfig } from '../../../../test/harness/app.js';
import { demoBotId, penhasBotId, TEST_SECRET } from '../../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { memoryLogger } from '../../../../test/harness/logs.js';
import {
  addTwitterChannel,
  dmEvent,
  FAKE_ACCOUNT_ID,
  FAKE_ENV,
  FAKE_TWITTER_KEYS,
  FakeTwitter,
  signedTwitter,
} from '../../../../test/harness/twitter.js';
import { importBundle } from '../../commands/import-bundle.js';
import { deliverDue } from '../../delivery/loop.js';
import { channelAdapters } from '../adapters.js';
import { boxesOf } from '../runtime-deps.js';
import { twitterSignature } from './events.js';
import { registerTwitterWebhook } from './register.js';

const testDb = setupTestDatabase();

describe('Twitter/X DM channel', () => {
  let app: TestApp;
  let fake: FakeTwitter;
  let channelId: number;
  const captured = memoryLogger('error', 50);
  const url = () => `/api/channels/${channelId}/twitter`;
  const post = (body: unknown, secret?: string) =>
    app.app.inject({ method: 'POST', url: url(), ...signedTwitter(body, secret) });
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
  const lastOutbox = () =>
    testDb.db
      .selectFrom('bot_outbox')
      .select(['last_error', 'failed_at', 'sent_at', 'next_attempt_at'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    app = await buildTestApp(testDb.db, {
      config: testConfig({ PARLEY_SECRET: TEST_SECRET }),
      logger: captured.logger,
    });
    fake = await FakeTwitter.start();
    channelId = await addTwitterChannel(testDb.db, TEST_SECRET, await demoBotId(testDb.db), fake.url);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('answers the CRC check with the HMAC of the token, base64, and only base64 tokens', async () => {
    const crc = await app.app.inject({ method: 'GET', url: `${url()}?crc_token=TOKEN_abc%2B%2F%3D` });
    expect(crc.statusCode).toBe(200);
    expect(crc.json()).toEqual({
      response_token: twitterSignature(FAKE_TWITTER_KEYS.consumer_secret, 'TOKEN_abc+/='),
    });
    expect(crc.json().response_token).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
    // A JSON body as a "token" would have Parley sign a forged webhook: refused.
    const forged = encodeURIComponent(JSON.stringify(dmEvent('1', { text: 'x' })));
    expect((await app.app.inject({ method: 'GET', url: `${url()}?crc_token=${forged}` })).statusCode).toBe(
      400,
    );
    expect((await app.app.inject({ method: 'GET', url: url() })).statusCode).toBe(400);
    expect(
      (await app.app.inject({ method: 'GET', url: '/api/channels/999999/twitter?crc_token=a' })).statusCode,
    ).toBe(404);
  });

  it('runs a DM, replies with OAuth-signed quick replies, and takes a quick reply', async () => {
    const first = await post(dmEvent('1001', { text: 'oi' }));
    expect(first.statusCode).toBe(200);
    await deliver();
    const [hello] = fake.sentTo('1001');
    expect(fake.calls.every((c) => c.signatureOk)).toBe(true);
    expect(hello?.text).toContain('Olá!');
    const quick = hello?.quick_reply as { type: string; options: { label: string; metadata: string }[] };
    expect(quick.type).toBe('options');
    expect(quick.options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);
    await post(dmEvent('1001', { metadata: quick.options[0]?.metadata ?? '' }));
    await deliver();
    expect(fake.sentTo('1001')[1]?.text).toContain('Vou fazer algumas perguntas rápidas.');
  });

  it('refuses a missing or wrong signature with nothing stored', async () => {
    const before = await count('bot_inbound');
    const body = dmEvent('1002', { text: 'oi' });
    expect((await post(body, 'x'.repeat(40))).statusCode).toBe(401);
    const signed = signedTwitter(body);
    const tampered = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: signed.headers,
      payload: signed.payload.replace('"oi"', '"ai"'),
    });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().error.code).toBe('bad_signature');
    const missing = await app.app.inject({
      method: 'POST',
      url: url(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(missing.statusCode).toBe(401);
    expect(await count('bot_inbound')).toBe(before);
  });

  it('runs an event delivered twice (same id) once, and skips echoes', async () => {
    const body = dmEvent('1003', { text: 'oi' });
    const inbound = await count('bot_inbound');
    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(200);
    expect(await count('bot_inbound')).toBe(inbound + 1);
    for (const echo of [
      dmEvent(FAKE_ACCOUNT_ID, { text: 'Olá!' }),
      dmEvent('1004', { text: 'oi' }, { sourceAppId: '13090192' }),
      { ...dmEvent('1004', { text: 'oi' }), for_user_id: '42' },
      { for_user_id: FAKE_ACCOUNT_ID, favorite_events: [{}] },
    ])
      expect((await post(echo)).statusCode).toBe(200);
    expect(await count('bot_inbound')).toBe(inbound + 1);
  });

  it('retries 429 (until x-rate-limit-reset) and 5xx, then sends; fails at once on 403', async () => {
    await deliver();
    await post(dmEvent('1005', { text: 'oi' }));
    const start = new Date(Date.now() + 1000);
    const reset = Math.floor(start.getTime() / 1000) + 120;
    fake.answers.push({ status: 429, code: 88, message: 'Rate limit exceeded', reset }, { status: 503 });
    expect((await deliver(start)).retried).toBe(1);
    const waiting = await lastOutbox();
    expect(waiting.last_error).toBe('Twitter answered 429 (#88): Rate limit exceeded');
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThanOrEqual(reset * 1000 - 1000);
    expect((await deliver(new Date(start.getTime() + 200_000))).retried).toBe(1);
    expect((await deliver(new Date(start.getTime() + 900_000))).sent).toBe(1);

    fake.answers.push({ status: 403, code: 349, message: 'You cannot send messages to this user.' });
    await post(dmEvent('1006', { text: 'oi' }));
    expect((await deliver(new Date(start.getTime() + 1_000_000))).failed).toBe(1);
    expect((await lastOutbox()).last_error).toBe(
      'Twitter answered 403 (#349): You cannot send messages to this user.',
    );
  });

  it('is refused for a bot whose buttons exceed its limits, naming the node', async () => {
    const bundle = JSON.parse(readFileSync(new URL('../../demo/demo-bot.json', import.meta.url), 'utf8'));
    bundle.bot.nodes[0].quick_replies[0].label = 'x'.repeat(37);
    const { bot } = await importBundle(testDb.db, { bundle, botName: 'Long labels', actorId: null });
    const admin = (await app.loginAs('admin')).cookie;
    const refused = await app.app.inject({
      method: 'POST',
      url: `/api/bots/${bot.id}/channels`,
      headers: { cookie: admin },
      payload: {
        kind: 'twitter',
        settings: { account_id: FAKE_ACCOUNT_ID, env_name: FAKE_ENV },
        credentials: FAKE_TWITTER_KEYS,
      },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('bot_exceeds_channel_limits');
    expect(refused.json().error.message).toContain(
      'node "node_tos": label of 37 characters; twitter allows at most 36',
    );
    expect(
      await testDb.db.selectFrom('bot_channels').select('id').where('bot_id', '=', bot.id).execute(),
    ).toEqual([]);
  });

  it('registers the webhook and subscribes the account, signed', async () => {
    const done = await registerTwitterWebhook(testDb.db, {
      secret: TEST_SECRET,
      publicUrl: 'https://parley.example.org',
      channelId,
    });
    expect(done).toEqual({
      url: `https://parley.example.org/api/channels/${channelId}/twitter`,
      webhookId: '1234567890',
    });
    const paths = fake.calls.slice(-2).map((c) => [c.path, c.signatureOk]);
    expect(paths).toEqual([
      [`/1.1/account_activity/all/${FAKE_ENV}/webhooks.json`, true],
      [`/1.1/account_activity/all/${FAKE_ENV}/subscriptions.json`, true],
    ]);
    fake.answers.push({ status: 403, code: 200, message: 'Forbidden.' });
    await expect(
      registerTwitterWebhook(testDb.db, { secret: TEST_SECRET, publicUrl: 'https://x', channelId }),
    ).rejects.toThrow('Registering the webhook: Twitter answered 403 (#200): Forbidden.');
  });

  it('walks the PenhaS bot to its CEP question and the services near it, on the fake (PenhaS moves over)', async () => {
    const penhas = await penhasBotId(testDb.db, 'Penha on Twitter');
    const fake2 = await FakeTwitter.start();
    try {
      const id = await addTwitterChannel(testDb.db, TEST_SECRET, penhas, fake2.url);
      const send = async (body: unknown) => {
        const response = await app.app.inject({
          method: 'POST',
          url: `/api/channels/${id}/twitter`,
          ...signedTwitter(body),
        });
        expect(response.statusCode).toBe(200);
        await deliver();
      };
      const press = async (label: string) => {
        const withOptions = fake2.sentTo('2001').filter((m) => m.quick_reply !== undefined);
        const last = withOptions[withOptions.length - 1]?.quick_reply as
          | { options: { label: string; metadata: string }[] }
          | undefined;
        const options = last?.options ?? [];
        const option = options.find((o) => o.label === label);
        expect(option, `${label} among ${options.map((o) => o.label).join(', ')}`).toBeDefined();
        await send(dmEvent('2001', { metadata: option?.metadata ?? '' }));
      };
      await send(dmEvent('2001', { text: 'oi' }));
      await press('👍 Sim');
      await press('Para outra pessoa');
      await press('Achar um serviço perto');
      expect(fake2.sentTo('2001').map((m) => m.text)).toContain('Digite o CEP (só números).');
      await send(dmEvent('2001', { text: '01310-100' }));
      const texts = fake2
        .sentTo('2001')
        .map((m) => String(m.text))
        .join('\n');
      expect(texts).toContain('Casa da Mulher Brasileira');
      expect(fake2.calls.every((c) => c.signatureOk)).toBe(true);
    } finally {
      await fake2.close();
    }
  });

  it('fuzz: random bodies and headers are never a 500 and never a row', async () => {
    const before = { inbound: await count('bot_inbound'), conversations: await count('bot_conversations') };
    const key = fc.constantFrom(
      'for_user_id',
      'direct_message_events',
      'type',
      'id',
      'message_create',
      'sender_id',
      'message_data',
      'text',
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
        const secret = FAKE_TWITTER_KEYS.consumer_secret;
        if (kind === 'good') headers[TWITTER_SIGNATURE_HEADER] = twitterSignature(secret, raw);
        if (kind === 'other body') headers[TWITTER_SIGNATURE_HEADER] = twitterSignature(secret, 'x');
        if (kind === 'garbage' && /^[\t\x20-\x7e]*$/.test(garbage))
          headers[TWITTER_SIGNATURE_HEADER] = garbage;
        const response = await app.app.inject({ method: 'POST', url: url(), headers, payload: raw });
        expect(response.statusCode, response.body).toBeLessThan(500);
        const crc = await app.app.inject({
          method: 'GET',
          url: `${url()}?crc_token=${encodeURIComponent(garbage)}`,
        });
        expect(crc.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(await count('bot_inbound')).toBe(before.inbound);
    expect(await count('bot_conversations')).toBe(before.conversations);
    expect(captured.lines).toEqual([]);
  });
});
