import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiChannel, FakeCallback } from '../../../test/harness/channels.js';
import { demoBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { channelAdapters } from '../channels/adapters.js';
import { boxesOf, runtimeDepsOf } from '../channels/runtime-deps.js';
import type { Inbound } from '../engine/index.js';
import { receive } from '../runtime.js';
import { sweepTimeouts } from '../timeouts.js';
import { type DeliveryOptions, deliverDue, startDelivery } from './loop.js';

const testDb = setupTestDatabase();
const runtime = () =>
  runtimeDepsOf({
    db: testDb.db,
    config: { secret: TEST_SECRET, geocoding: { provider: 'sample' } } as Parameters<
      typeof runtimeDepsOf
    >[0]['config'],
  });

describe('delivery loop', () => {
  let fake: FakeCallback;
  let botId: number;
  let channelId: number;
  // The outbox stamps rows with the database's clock: the test's runs ahead of it by `offset`.
  let offset = 50;
  const now = () => new Date(Date.now() + offset);
  const options = (extra: Partial<DeliveryOptions> = {}): DeliveryOptions => ({
    adapters: channelAdapters(TEST_SECRET),
    addresses: boxesOf(TEST_SECRET).addresses,
    baseBackoffMs: 1_000,
    clock: now,
    ...extra,
  });
  const send = (user: string, input: Inbound, eventId = `${user}-${Math.random()}`) =>
    receive(runtime(), {
      botId,
      channel: 'api',
      channelId,
      handle: user,
      replyTo: user,
      eventId,
      input,
      now: now(),
    });
  const say = (user: string, text: string, eventId?: string) => send(user, { kind: 'text', text }, eventId);
  const outboxOf = async (user: string) =>
    (
      await sql<{
        id: number;
        sent_at: Date | null;
        failed_at: Date | null;
        attempts: number;
        last_error: string | null;
      }>`
        select o.id, o.sent_at, o.failed_at, o.attempts, o.last_error from bot_outbox o
        where o.user_key = (select user_key from bot_conversations c join bot_inbound i on i.conversation_id = c.id
                            where i.event_id like ${`${user}-%`} limit 1)
        order by o.id`.execute(testDb.db)
    ).rows;

  beforeAll(async () => {
    fake = await FakeCallback.start();
    botId = await demoBotId(testDb.db);
    const channel = await addApiChannel(testDb.db, TEST_SECRET, botId, fake.url);
    channelId = channel.id;
    fake.secret = channel.secret;
  });
  afterAll(() => fake.close());

  it('retries 5xx and 429 with growing back-off, then delivers', async () => {
    fake.answers.push(500, 429);
    await say('retry-user', 'oi');
    const first = await deliverDue(testDb.db, options());
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await outboxOf('retry-user');
    expect(row?.attempts).toBe(1);
    expect(row?.last_error).toContain('500');
    expect(await deliverDue(testDb.db, options())).toMatchObject({ claimed: 0 });
    offset += 1_000;
    expect(await deliverDue(testDb.db, options())).toMatchObject({ retried: 1 });
    offset += 2_000;
    expect(await deliverDue(testDb.db, options())).toMatchObject({ sent: 1 });
    expect(fake.textsFor('retry-user')).toHaveLength(1);
    expect((await outboxOf('retry-user'))[0]?.attempts).toBe(3);
  });

  it('fails a message the receiver refuses, and gives up after the last attempt', async () => {
    fake.answers.push(400);
    await say('refused-user', 'oi');
    expect(await deliverDue(testDb.db, options())).toMatchObject({ failed: 1 });
    const [refused] = await outboxOf('refused-user');
    expect(refused?.failed_at).not.toBeNull();
    expect(refused?.last_error).toContain('400');

    fake.answers.push(503, 503);
    await say('down-user', 'oi');
    await deliverDue(testDb.db, options({ maxAttempts: 2 }));
    offset += 5_000;
    expect(await deliverDue(testDb.db, options({ maxAttempts: 2 }))).toMatchObject({ failed: 1 });
  });

  it('retries a network error', async () => {
    const closed = await FakeCallback.start();
    const url = closed.url;
    await closed.close();
    const other = await demoBotId(testDb.db, 'Network bot');
    const channel = await addApiChannel(testDb.db, TEST_SECRET, other, url);
    await receive(runtime(), {
      botId: other,
      channel: 'api',
      channelId: channel.id,
      handle: 'net-user',
      replyTo: 'net-user',
      eventId: 'net-user-1',
      input: { kind: 'text', text: 'oi' },
      now: now(),
    });
    expect(await deliverDue(testDb.db, options())).toMatchObject({ retried: 1 });
  });

  it('numbers a turn\'s messages " [i/n]" and spaces them by the bot\'s delay', async () => {
    await testDb.db
      .updateTable('bots')
      .set({ number_messages: true, message_delay_ms: 2000 })
      .where('id', '=', botId)
      .execute();
    try {
      await say('paced-user', 'oi');
      const tos = fake.received.length;
      await deliverDue(testDb.db, options());
      expect(fake.received.length).toBe(tos + 1);
      // The terms-of-use reply is one message: no suffix.
      expect(fake.textsFor('paced-user')[0]).not.toMatch(/\[1\/1\]$/);
      const options1 = fake.received.at(-1)?.body.message.options ?? [];
      await send('paced-user', { kind: 'choose', value: options1[0]?.value ?? '' }, 'paced-user-2');
      await deliverDue(testDb.db, options());
      const texts = fake.textsFor('paced-user');
      expect(texts).toHaveLength(2);
      expect(texts[1]).toMatch(/ \[1\/\d\]$/);
      expect(await deliverDue(testDb.db, options())).toMatchObject({ sent: 0 });
      offset += 2_000;
      await deliverDue(testDb.db, options());
      expect(fake.textsFor('paced-user')[2]).toMatch(/ \[2\/\d\]$/);
    } finally {
      await testDb.db
        .updateTable('bots')
        .set({ number_messages: false, message_delay_ms: 0 })
        .where('id', '=', botId)
        .execute();
    }
  });

  it('keeps the reply address sealed, and erases it once the conversation ended and all was sent', async () => {
    await say('ending-user', 'oi');
    const conversation = await testDb.db
      .selectFrom('bot_conversations')
      .select(['id', 'reply_to'])
      .where('channel_id', '=', channelId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(conversation.reply_to).not.toBeNull();
    expect(conversation.reply_to?.includes(Buffer.from('ending-user'))).toBe(false);
    // The deadline passes: the sweep ends it and queues the timeout message.
    await sweepTimeouts(testDb.db, { now: new Date(Date.now() + offset + 2 * 86_400_000) });
    await deliverDue(testDb.db, options());
    const after = await testDb.db
      .selectFrom('bot_conversations')
      .select(['reply_to', 'ended_at'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(after.ended_at).not.toBeNull();
    expect(after.reply_to).toBeNull();
    expect(fake.textsFor('ending-user').at(-1)).toContain('Vamos nos falar mais tarde');
  });

  it("two loops deliver many users' messages once each, in order per user", async () => {
    const start = fake.received.length;
    const users = Array.from({ length: 40 }, (_, i) => `crowd-${i}`);
    const live = { ...options(), clock: () => new Date() };
    const loops = [
      startDelivery({ ...live, db: testDb.db, idleMs: 20 }),
      startDelivery({ ...live, db: testDb.db, idleMs: 20 }),
    ];
    try {
      await Promise.all(users.map((user) => say(user, 'oi', `${user}-a`)));
      await fake.waitFor(start + users.length);
      const pressed = fake.received
        .slice(start)
        .map((r) => ({ user: r.body.user, value: r.body.message.options[0]?.value ?? '' }));
      await Promise.all(pressed.map(({ user, value }) => send(user, { kind: 'choose', value }, `${user}-b`)));
      const pendingOfCrowd = async () =>
        (
          await sql<{ n: number }>`
            select count(*)::int as n from bot_outbox o
             where o.sent_at is null and o.failed_at is null and o.conversation_id in
                   (select conversation_id from bot_inbound where event_id like 'crowd-%')`.execute(testDb.db)
        ).rows[0]?.n;
      await expect.poll(pendingOfCrowd, { timeout: 15_000 }).toBe(0);
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()));
    }
    const mine = fake.received.slice(start);
    const ids = mine.map((r) => r.body.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const user of users) {
      const own = mine.filter((r) => r.body.user === user).map((r) => r.body.message.id);
      expect(own).toEqual([...own].sort((a, b) => a - b));
      expect(own.length).toBeGreaterThanOrEqual(2);
    }
  });
});
