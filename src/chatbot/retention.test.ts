import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { demoBotId, TestChat } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { deleteTranscriptsOlderThan } from './retention.js';

const testDb = setupTestDatabase();

describe('chatbot transcripts', () => {
  it('are deleted past their end date, keeping analytics, answers and what is still to send', async () => {
    const botId = await demoBotId(testDb.db);
    const old = new TestChat(TestChat.deps(testDb.db), botId, 'old-user', new Date('2026-01-01T12:00:00Z'));
    await old.say('oi');
    await old.press('👍 Sim');
    const recent = new TestChat(TestChat.deps(testDb.db), botId, 'recent-user', new Date());
    await recent.say('oi');
    const oldConversation = old.deps.db
      .selectFrom('bot_conversations')
      .select('id')
      .where('started_at', '<', new Date('2026-02-01'));
    // The old conversation's messages: one delivered, one still waiting (kept).
    await sql`update bot_outbox set created_at = '2026-01-01', sent_at = '2026-01-01'
              where conversation_id in (${oldConversation}) and id = (select min(id) from bot_outbox
                where conversation_id in (${oldConversation}))`.execute(testDb.db);
    await sql`update bot_outbox set created_at = '2026-01-01'
              where conversation_id in (${oldConversation})`.execute(testDb.db);
    const count = async (table: 'bot_inbound' | 'bot_outbox' | 'bot_events') =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(testDb.db))
          .rows[0]?.n,
      );
    const events = await count('bot_events');
    const outboxBefore = await count('bot_outbox');

    const deleted = await deleteTranscriptsOlderThan(testDb.db, new Date('2026-06-01'));

    expect(deleted).toEqual({ inbound: 2, outbox: 1 });
    expect(await count('bot_inbound')).toBe(1);
    expect(await count('bot_outbox')).toBe(outboxBefore - 1);
    expect(await count('bot_events')).toBe(events);
  });
});
