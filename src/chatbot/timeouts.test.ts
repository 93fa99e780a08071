import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { demoBotId, TestChat } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { createPool, type Db } from '../db/index.js';
import type { Database } from '../db/rows.js';
import { RevisionCache } from './revisions.js';
import { sweepTimeouts, sweepTimeoutsFor } from './timeouts.js';

const testDb = setupTestDatabase();
const T0 = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400;
const extraDbs: Db[] = [];

afterAll(async () => {
  await Promise.all(extraDbs.map((db) => db.destroy()));
});

/** Another connection pool on the same database, as another process would have. */
function anotherProcess(): Db {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(testDb.url, 4, 'sweeper') }),
  });
  extraDbs.push(db);
  return db;
}

async function startConversations(botId: number, prefix: string, count: number) {
  const deps = TestChat.deps(testDb.db);
  for (let i = 0; i < count; i++) {
    const chat = new TestChat(deps, botId, `${prefix}-${i}`, new Date(T0.getTime() + i * 1000));
    await chat.say('oi');
    await chat.press('👍 Sim');
  }
}

async function countWhere(prefixCondition: ReturnType<typeof sql>) {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from bot_events e where ${prefixCondition}`.execute(testDb.db);
  return rows[0]?.n ?? 0;
}

describe('timeout sweep', () => {
  it('times out due conversations only: appends QUESTIONNAIRE_TIMEOUT, queues the message, ends them', async () => {
    const botId = await demoBotId(testDb.db, 'sweep 1');
    await startConversations(botId, 'due', 3);
    // Deadline = the last message (start + 2 s) + 1 day; the users started 1 s apart: two are due.
    const now = new Date(T0.getTime() + (DAY + 3) * 1000 + 500);
    expect(await sweepTimeouts(testDb.db, { now })).toBe(2);
    const rows = await testDb.db
      .selectFrom('bot_conversations')
      .select(['id', 'ended_at', 'end_reason', 'deadline'])
      .where('bot_id', '=', botId)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.end_reason)).toEqual(['timeout', 'timeout', null]);
    expect(rows[2]?.deadline).not.toBeNull();
    const first = rows[0]?.id ?? 0;
    const events = await sql<{ state: string; code: string; timeout_at: Date | null }>`
      select e.state, s.code, e.timeout_at from bot_events e join bot_step_codes s on s.id = e.step_code_id
      where conversation_id = ${first} order by e.id`.execute(testDb.db);
    expect(events.rows.map((e) => `${e.state} ${e.code}`)).toEqual([
      'DURING_DECISION_TREE node_tos',
      'DURING_DECISION_TREE node_tos_accepted',
      'DURING_QUESTIONNAIRE P1',
      'QUESTIONNAIRE_TIMEOUT P1',
    ]);
    expect(events.rows[3]?.timeout_at?.toISOString()).toBe(
      new Date(T0.getTime() + 2000 + DAY * 1000).toISOString(),
    );
    const last = await testDb.db
      .selectFrom('bot_outbox')
      .select('message')
      .where('conversation_id', '=', first)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((last.message as { text: string }).text).toBe(
      'Vamos nos falar mais tarde! Quando quiser, é só mandar uma mensagem.',
    );
    // A second sweep at the same time finds nothing more to do.
    expect(await sweepTimeouts(testDb.db, { now })).toBe(0);
  });

  it('never processes a conversation twice with several sweepers at once', async () => {
    const botId = await demoBotId(testDb.db, 'sweep 2');
    const count = 60;
    await startConversations(botId, 'many', count);
    const now = new Date(T0.getTime() + 10 * DAY * 1000);
    const due = await testDb.db
      .selectFrom('bot_conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ended_at', 'is', null)
      .where('deadline', '<=', now)
      .executeTakeFirstOrThrow();
    const sweepers = [testDb.db, anotherProcess(), anotherProcess(), anotherProcess()];
    const done = await Promise.all(
      sweepers.map((db) => sweepTimeouts(db, { now, batchSize: 5, revisions: new RevisionCache() })),
    );
    expect(done.reduce((a, b) => a + b, 0)).toBe(Number(due.n));
    expect(done.filter((n) => n > 0).length).toBeGreaterThan(1);
    const perConversation = await sql<{ n: number }>`
      select count(*)::int as n from bot_events e join bot_conversations c on c.id = e.conversation_id
      where c.bot_id = ${botId} and e.state = 'QUESTIONNAIRE_TIMEOUT' group by e.conversation_id`.execute(
      testDb.db,
    );
    expect(perConversation.rows).toHaveLength(count);
    expect(perConversation.rows.every((r) => r.n === 1)).toBe(true);
    const messages = await sql<{ n: number }>`
      select count(*)::int as n from bot_outbox o join bot_conversations c on c.id = o.conversation_id
      where c.bot_id = ${botId} and o.message->>'text' like 'Vamos nos falar mais tarde!%'`.execute(
      testDb.db,
    );
    expect(messages.rows[0]?.n).toBe(count);
    expect(await countWhere(sql`e.bot_id = ${botId} and e.state = 'QUESTIONNAIRE_TIMEOUT'`)).toBe(count);
  });

  it('skips a conversation whose row is locked by a message being answered', async () => {
    const botId = await demoBotId(testDb.db, 'sweep 3');
    await startConversations(botId, 'locked', 1);
    const row = await testDb.db
      .selectFrom('bot_conversations')
      .select('id')
      .where('bot_id', '=', botId)
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    const now = new Date(T0.getTime() + 2 * DAY * 1000);
    const other = anotherProcess();
    let swept = -1;
    await other.transaction().execute(async (trx) => {
      await trx.selectFrom('bot_conversations').select('id').where('id', '=', row.id).forUpdate().execute();
      swept = await sweepTimeouts(testDb.db, { now });
    });
    expect(swept).toBe(0);
    expect(await sweepTimeouts(testDb.db, { now })).toBe(1);
  });

  it('a conversation whose state cannot be resumed loses its deadline instead of blocking the sweep', async () => {
    const botId = await demoBotId(testDb.db, 'sweep 4');
    await startConversations(botId, 'broken', 2);
    const rows = await testDb.db
      .selectFrom('bot_conversations')
      .select('id')
      .where('bot_id', '=', botId)
      .where('ended_at', 'is', null)
      .orderBy('id')
      .execute();
    await sql`update bot_conversations set state = '{"version":1}'::jsonb where id = ${rows[0]?.id}`.execute(
      testDb.db,
    );
    const failed: number[] = [];
    const now = new Date(T0.getTime() + 3 * DAY * 1000);
    expect(await sweepTimeouts(testDb.db, { now, onError: (id) => failed.push(id) })).toBe(1);
    expect(failed).toEqual([rows[0]?.id]);
    const broken = await testDb.db
      .selectFrom('bot_conversations')
      .select(['deadline', 'ended_at'])
      .where('id', '=', rows[0]?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(broken).toEqual({ deadline: null, ended_at: null });
  });

  it('loops until its time is up, or at once when aborted', async () => {
    const started = Date.now();
    await sweepTimeoutsFor(testDb.db, { durationMs: 300, intervalMs: 100, clock: () => T0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const controller = new AbortController();
    const loop = sweepTimeoutsFor(testDb.db, {
      durationMs: 60_000,
      intervalMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const t = Date.now();
    await loop;
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
