import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { demoBotId, TestChat } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import type { InboundEvent } from './runtime.js';
import { TurnBatcher } from './turn-batcher.js';

const testDb = setupTestDatabase();

describe('TurnBatcher', () => {
  it("runs waiting events together, one person's in arrival order, and keeps a bad one's failure its own", async () => {
    const botId = await demoBotId(testDb.db);
    // One transaction at a time: the first event goes alone, the rest wait and go together.
    const batcher = new TurnBatcher(TestChat.deps(testDb.db), { concurrency: 1 });
    const event = (handle: string, eventId: string, bot = botId): InboundEvent => ({
      botId: bot,
      channel: 'api',
      handle,
      eventId,
      input: { kind: 'text', text: 'oi' },
      now: new Date(),
    });
    const sent = [
      event('first', 'f-1'),
      ...['a-1', 'a-2', 'a-3', 'a-4'].map((id) => event('ana', id)),
      event('bia', 'b-1'),
      event('caio', 'c-1'),
    ];
    const outcomes = await Promise.allSettled(sent.map((e) => batcher.submit(e)));
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    // A batch with an event for no bot: that one fails, the others are answered.
    const mixed = await Promise.allSettled(
      [event('first', 'f-2'), event('dan', 'd-1'), event('nobody', 'x-1', 999_999), event('eve', 'e-1')].map(
        (e) => batcher.submit(e),
      ),
    );
    expect(mixed.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((mixed[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
    const { rows } = await sql<{ event_id: string; xmin: string }>`
      select event_id, xmin::text from bot_inbound order by id`.execute(testDb.db);
    // Ana's four in the order they came, each in a later transaction than the one before it.
    const ana = rows.filter((r) => r.event_id.startsWith('a-'));
    expect(ana.map((r) => r.event_id)).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
    expect(new Set(ana.map((r) => r.xmin)).size).toBe(4);
    // Ana's first, Bia's and Caio's went in one transaction.
    const together = rows.filter((r) => ['a-1', 'b-1', 'c-1'].includes(r.event_id));
    expect(new Set(together.map((r) => r.xmin)).size).toBe(1);
  });
});
