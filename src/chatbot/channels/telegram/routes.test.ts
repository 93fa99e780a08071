import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_SECRET_HEADER } from '../../../../common/api/channels.js';
import { buildTestApp, type TestApp, testConfig } from '../../../../test/harness/app.js';
import { demoBotId, TEST_SECRET } from '../../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { memoryLogger } from '../../../../test/harness/logs.js';
import {
  addTelegramChannel,
  callbackUpdate,
  FakeTelegram,
  textUpdate,
} from '../../../../test/harness/telegram.js';
import { deliverDue } from '../../delivery/loop.js';
import { channelAdapters } from '../adapters.js';
import { updateChannel } from '../manage.js';
import { boxesOf } from '../runtime-deps.js';
import { registerTelegramWebhook } from './register.js';

const testDb = setupTestDatabase();

describe('Telegram channel', () => {
  let app: TestApp;
  let fake: FakeTelegram;
  let channel: { id: number; secret: string };
  const captured = memoryLogger('error', 50);
  const url = () => `/api/channels/${channel.id}/telegram`;
  const post = (body: unknown, secret: string | null = channel.secret) =>
    app.app.inject({
      method: 'POST',
      url: url(),
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { [TELEGRAM_SECRET_HEADER]: secret }),
      },
      payload: JSON.stringify(body),
    });
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
  const outboxOf = (chatIdText: string) =>
    testDb.db
      .selectFrom('bot_outbox')
      .innerJoin('bot_inbound', 'bot_inbound.conversation_id', 'bot_outbox.conversation_id')
      .select(['bot_outbox.id', 'bot_outbox.sent_at', 'bot_outbox.failed_at', 'bot_outbox.last_error'])
      .where('bot_inbound.input', '@>', JSON.stringify({ kind: 'text', text: chatIdText }))
      .orderBy('bot_outbox.id')
      .execute();

  beforeAll(async () => {
    app = await buildTestApp(testDb.db, {
      config: testConfig({ PARLEY_SECRET: TEST_SECRET, PUBLIC_URL: 'https://parley.example.org' }),
      logger: captured.logger,
    });
    fake = await FakeTelegram.start();
    channel = await addTelegramChannel(testDb.db, TEST_SECRET, await demoBotId(testDb.db), fake.url);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('runs a message, replies with an inline keyboard, and answers a button press', async () => {
    const first = await post(textUpdate(501, 'oi'));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({});
    await deliver();
    const [hello] = fake.sentTo('501');
    expect(hello?.text).toContain('Olá!');
    type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
    const keyboard = (hello?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? [];
    expect(keyboard.map((row) => row[0]?.text)).toEqual(['👍 Sim', '👎 Não']);

    const press = await post(callbackUpdate(501, keyboard[0]?.[0]?.callback_data ?? ''));
    expect(press.statusCode).toBe(200);
    expect(press.json()).toMatchObject({ method: 'answerCallbackQuery' });
    expect(press.json().callback_query_id).toMatch(/^cq-/);
    await deliver();
    expect(fake.sentTo('501')[1]?.text).toContain('Vou fazer algumas perguntas rápidas.');
  });

  it('looks up a button whose value was too long for callback data (#<outbox id>:<index>)', async () => {
    await post(textUpdate(502, 'oi'));
    const [row] = await outboxOf('oi').then((rows) => rows.slice(-1));
    await deliver();
    const press = await post(callbackUpdate(502, `#${row?.id}:0`));
    expect(press.statusCode).toBe(200);
    await deliver();
    expect(fake.sentTo('502')[1]?.text).toContain('Vou fazer algumas perguntas rápidas.');
    // An outbox row of no conversation of this channel names nothing: answered, nothing run.
    const before = await count('bot_inbound');
    expect((await post(callbackUpdate(502, '#999999999:0'))).json()).toMatchObject({
      method: 'answerCallbackQuery',
    });
    expect(await count('bot_inbound')).toBe(before);
  });

  it('refuses a missing or wrong secret token with nothing stored', async () => {
    const before = await count('bot_inbound');
    const missing = await post(textUpdate(503, 'oi'), null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('bad_signature');
    const wrong = await post(textUpdate(503, 'oi'), `${channel.secret}x`);
    expect(wrong.statusCode).toBe(401);
    const empty = await post(textUpdate(503, 'oi'), '');
    expect(empty.statusCode).toBe(401);
    const unknown = await app.app.inject({
      method: 'POST',
      url: '/api/channels/999999/telegram',
      headers: { 'content-type': 'application/json', [TELEGRAM_SECRET_HEADER]: channel.secret },
      payload: JSON.stringify(textUpdate(503, 'oi')),
    });
    expect(unknown.statusCode).toBe(404);
    expect(await count('bot_inbound')).toBe(before);
    expect((await post(textUpdate(503, 'oi'))).statusCode).toBe(200);
    expect(await count('bot_inbound')).toBe(before + 1);
  });

  it('runs an update sent twice (same update_id) once', async () => {
    const update = textUpdate(504, 'oi');
    const inbound = await count('bot_inbound');
    const outbox = await count('bot_outbox');
    expect((await post(update)).statusCode).toBe(200);
    expect((await post(update)).statusCode).toBe(200);
    expect(await count('bot_inbound')).toBe(inbound + 1);
    expect(await count('bot_outbox')).toBe(outbox + 1);
  });

  it("skips the bot's own messages, groups, edits and non-text messages", async () => {
    const before = await count('bot_inbound');
    const fromBot = textUpdate(505, 'oi') as { message: { from: { is_bot: boolean } } };
    fromBot.message.from.is_bot = true;
    const group = textUpdate(505, 'oi') as { message: { chat: { type: string } } };
    group.message.chat.type = 'group';
    const photo = textUpdate(505, 'oi') as { message: Record<string, unknown> };
    delete photo.message.text;
    photo.message.photo = [{ file_id: 'x' }];
    const edited = { update_id: 77, edited_message: (textUpdate(505, 'oi') as { message: unknown }).message };
    for (const update of [fromBot, group, photo, edited, { update_id: 78 }, [], 'x', null]) {
      const response = await post(update);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
    }
    expect(await count('bot_inbound')).toBe(before);
  });

  it('keeps to the limits: long texts are cut (inbound, 4000) and split (outbound, 4096)', async () => {
    expect((await post(textUpdate(506, `oi${'x'.repeat(5000)}`))).statusCode).toBe(200);
    const stored = await testDb.db
      .selectFrom('bot_inbound')
      .select('input')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([...(stored.input as { text: string }).text].length).toBe(4000);
  });

  it('retries 429 (after retry_after) and 5xx, then sends; fails at once on 403', async () => {
    await deliver(); // what the tests before left unsent
    fake.answers.push({ status: 429, retryAfter: 7 }, { status: 502 });
    await post(textUpdate(507, 'retry me'));
    const start = new Date();
    const pass1 = await deliver(start);
    expect(pass1.retried).toBe(1);
    const row1 = await testDb.db
      .selectFrom('bot_outbox')
      .select(['next_attempt_at', 'last_error'])
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(row1.last_error).toContain('429');
    expect(row1.next_attempt_at.getTime()).toBeGreaterThanOrEqual(start.getTime() + 7000);
    expect((await deliver(new Date(start.getTime() + 8_000))).retried).toBe(1);
    expect((await deliver(new Date(start.getTime() + 60_000))).sent).toBe(1);
    expect(fake.sentTo('507')).toHaveLength(3);

    fake.answers.push({ status: 403, description: 'Forbidden: bot was blocked by the user' });
    await post(textUpdate(508, 'blocked'));
    const pass = await deliver(new Date(start.getTime() + 120_000));
    expect(pass.failed).toBe(1);
    const failed = await testDb.db
      .selectFrom('bot_outbox')
      .select('last_error')
      .where('failed_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(failed.last_error).toBe('Telegram answered 403: Forbidden: bot was blocked by the user');
  });

  it('registers the webhook with setWebhook (URL under PUBLIC_URL, the secret token)', async () => {
    const done = await registerTelegramWebhook(testDb.db, {
      secret: TEST_SECRET,
      publicUrl: 'https://parley.example.org',
      channelId: channel.id,
    });
    expect(done.url).toBe(`https://parley.example.org/api/channels/${channel.id}/telegram`);
    const call = fake.calls.findLast((c) => c.method === 'setWebhook');
    expect(call?.body).toEqual({
      url: done.url,
      secret_token: channel.secret,
      allowed_updates: ['message', 'callback_query'],
    });
    fake.answers.push({ status: 400, description: 'Bad Request: bad webhook: HTTPS url must be provided' });
    await expect(
      registerTelegramWebhook(testDb.db, {
        secret: TEST_SECRET,
        publicUrl: 'http://x',
        channelId: channel.id,
      }),
    ).rejects.toThrow(/HTTPS url must be provided/);
  });

  it('a disabled channel is unavailable (404), nothing stored', async () => {
    await updateChannel(testDb.db, channel.id, { enabled: false });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const before = await count('bot_inbound');
    expect((await post(textUpdate(509, 'oi'))).statusCode).toBe(404);
    expect(await count('bot_inbound')).toBe(before);
    await updateChannel(testDb.db, channel.id, { enabled: true });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
  });

  it('fuzz: random bodies and headers are never a 500 and never a row', async () => {
    const before = {
      inbound: await count('bot_inbound'),
      conversations: await count('bot_conversations'),
    };
    const key = fc.constantFrom(
      'update_id',
      'message',
      'callback_query',
      'from',
      'chat',
      'text',
      'id',
      'data',
    );
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
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
    const secret = fc.oneof(
      fc.constant(channel.secret),
      fc.constant(undefined),
      fc.string({ maxLength: 300 }),
      fc.constant(`${channel.secret} `),
    );
    const contentType = fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8');
    await fc.assert(
      fc.asyncProperty(body, secret, contentType, async (payload, token, type) => {
        const headers: Record<string, string> = { 'content-type': type };
        if (token !== undefined && /^[\t\x20-\x7e]*$/.test(token)) headers[TELEGRAM_SECRET_HEADER] = token;
        const response = await app.app.inject({ method: 'POST', url: url(), headers, payload });
        expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    expect(await count('bot_inbound')).toBe(before.inbound);
    expect(await count('bot_conversations')).toBe(before.conversations);
    expect(captured.lines).toEqual([]);
  });
});
