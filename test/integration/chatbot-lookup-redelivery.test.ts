import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type RuntimeDeps, receive } from '../../src/chatbot/runtime.js';
import { demoBotId, TestChat } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';

const testDb = setupTestDatabase();

describe('a CEP lookup cut short by a crash', () => {
  it('is done when the sender retries the event', async () => {
    const botId = await demoBotId(testDb.db);
    const deps = TestChat.deps(testDb.db);
    const send = (
      d: RuntimeDeps,
      eventId: string,
      input: { kind: 'text'; text: string } | { kind: 'choose'; value: string },
    ) => receive(d, { botId, channel: 'test', handle: 'cep-user', eventId, input, now: new Date() });
    await send(deps, 'e1', { kind: 'text', text: 'oi' });
    await send(deps, 'e2', { kind: 'choose', value: 'n:node_tos_accepted' });
    const asked = await send(deps, 'e3', { kind: 'choose', value: 'a:3:2' });
    expect(asked.messages.at(-1)?.text).toContain('CEP');
    // The process dies while the lookup runs: the turn is committed, the 200 never sent.
    const dying: RuntimeDeps = { ...deps, lookup: () => new Promise(() => undefined) };
    void send(dying, 'e4', { kind: 'text', text: '01310-100' });
    await expect
      .poll(
        async () =>
          (await sql`select 1 from bot_inbound where event_id = 'e4'`.execute(testDb.db)).rows.length,
      )
      .toBe(1);
    // The sender retries the same event on a healthy process.
    const retried = await send(deps, 'e4', { kind: 'text', text: '01310-100' });
    const { rows } = await sql<{ state: { position: { quiz?: { lookup: unknown } } } }>`
      select state from bot_conversations order by id desc limit 1`.execute(testDb.db);
    // The redelivery is acknowledged as a duplicate and does the lookup the dead process left.
    expect(retried.duplicate).toBe(true);
    expect(retried.messages.length).toBeGreaterThan(0);
    expect(rows[0]?.state.position.quiz?.lookup ?? null).toBeNull();
  });
});
