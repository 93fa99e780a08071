import { beforeAll, describe, expect, it } from 'vitest';
import { demoBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { Conflict, NotFound } from '../../errors.js';
import { boxesOf } from '../channels/runtime-deps.js';
import { sampleLookup } from '../lookup.js';
import { receive } from '../runtime.js';
import { listFailures, retryFailed } from './failures.js';

const testDb = setupTestDatabase();
let botId: number;

/** A conversation of a few turns on `channel`, its outbox rows (id order). */
async function conversation(handle: string, channel: string, replyTo: string | null) {
  const deps = {
    db: testDb.db,
    secret: TEST_SECRET,
    lookup: sampleLookup,
    addresses: boxesOf(TEST_SECRET).addresses,
  };
  let id = 0;
  for (const text of ['oi', '1', '4']) {
    const delivered = await receive(deps, {
      botId,
      channel,
      handle,
      input: { kind: 'text', text },
      replyTo,
      now: new Date(),
    });
    id = delivered.conversationId ?? 0;
  }
  const rows = await testDb.db
    .selectFrom('bot_outbox')
    .select('id')
    .where('conversation_id', '=', id)
    .orderBy('id')
    .execute();
  return { id, outbox: rows.map((row) => row.id) };
}

async function fail(ids: readonly number[], at = new Date()) {
  await testDb.db
    .updateTable('bot_outbox')
    .set({ failed_at: at, attempts: 6, last_error: 'HTTP 503', next_attempt_at: new Date('2020-01-01') })
    .where('id', 'in', ids)
    .execute();
}

async function rows(ids: readonly number[]) {
  return testDb.db
    .selectFrom('bot_outbox')
    .select(['id', 'failed_at', 'attempts', 'next_attempt_at'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  botId = await demoBotId(testDb.db, 'Failures bot');
});

describe('delivery failures', () => {
  it('queues a failed message again with the failed ones after it, in its conversation only', async () => {
    const a = await conversation('failing-a', 'api', 'addr-a');
    const b = await conversation('failing-b', 'api', 'addr-b');
    expect(a.outbox.length).toBeGreaterThanOrEqual(5);
    const [a0, a1, a2, a3, a4] = a.outbox as [number, number, number, number, number];
    await testDb.db.updateTable('bot_outbox').set({ sent_at: new Date() }).where('id', '=', a0).execute();
    await fail([a1, a2, a4]);
    await fail([b.outbox[0] as number]);

    const listed = await listFailures(testDb.db, botId);
    expect(listed.map((f) => f.id).sort((x, y) => x - y)).toEqual([a1, a2, a4, b.outbox[0]]);
    expect(listed.every((f) => f.retryable && f.last_error === 'HTTP 503' && f.attempts === 6)).toBe(true);
    expect(await listFailures(testDb.db, botId + 1000)).toEqual([]);

    const now = new Date('2031-02-03T04:05:06Z');
    expect(await retryFailed(testDb.db, a2, now)).toEqual({ retried: 2 });
    const after = await rows([a1, a2, a3, a4]);
    expect(after.map((r) => [r.id, r.failed_at === null, r.attempts])).toEqual([
      [a1, false, 6],
      [a2, true, 0],
      [a3, true, 0],
      [a4, true, 0],
    ]);
    expect(after[1]?.next_attempt_at.toISOString()).toBe(now.toISOString());
    expect(after[3]?.next_attempt_at.toISOString()).toBe(now.toISOString());
    // a3 was never failed: untouched (its attempts were 0 and stay 0; its due time is its own).
    expect(after[2]?.next_attempt_at.toISOString()).not.toBe(now.toISOString());
    const other = await rows([b.outbox[0] as number]);
    expect(other[0]?.failed_at).not.toBeNull();
  });

  it('refuses a message that has not failed, an unknown one, and one whose reply address was erased', async () => {
    const c = await conversation('failing-c', 'api', 'addr-c');
    const [c0, c1] = c.outbox as [number, number];
    await expect(retryFailed(testDb.db, c0, new Date())).rejects.toMatchObject({
      code: 'delivery_not_failed',
    });
    await expect(retryFailed(testDb.db, 99_999_999, new Date())).rejects.toBeInstanceOf(NotFound);

    await fail([c0, c1]);
    await testDb.db.updateTable('bot_conversations').set({ reply_to: null }).where('id', '=', c.id).execute();
    const error = await retryFailed(testDb.db, c0, new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'reply_address_erased', message: expect.stringContaining('erased') });
    expect((await rows([c0, c1])).every((r) => r.failed_at !== null && r.attempts === 6)).toBe(true);
    const listed = await listFailures(testDb.db, botId);
    expect(listed.filter((f) => f.conversation_id === c.id).map((f) => f.retryable)).toEqual([false, false]);
  });

  it('retries a web chat message, which needs no address', async () => {
    const w = await conversation('web-visitor', 'web', null);
    const first = w.outbox[0] as number;
    await fail([first]);
    expect(await retryFailed(testDb.db, first, new Date())).toEqual({ retried: 1 });
  });
});
