import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { deleteConversationsOlderThan } from './retention.js';

const testDb = setupTestDatabase();
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

async function counts() {
  const { rows } = await sql<{ conversations: number; messages: number; tags: number; answers: number }>`
    select (select count(*)::int from conversations) as conversations,
           (select count(*)::int from messages) as messages,
           (select count(*)::int from conversation_tags) as tags,
           (select count(*)::int from survey_responses) as answers`.execute(testDb.db);
  return rows[0]!;
}

describe('deleteConversationsOlderThan', () => {
  it('deletes old conversations with their messages, tags and answers, keeping what others need', async () => {
    const [, old] = await seedCampaigns(testDb.db, [
      { conversations: 3, newest: daysAgo(1) },
      { conversations: 4, newest: daysAgo(100) },
    ]);
    await sql`
      insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
      select c.id, 'm', false, 'Hi', c.last_message_at from conversations c`.execute(testDb.db);
    await sql`
      with tag as (
        insert into tags (source_id, spoke_key, name) select source_id, 'n:T', 'T' from campaigns limit 1 returning id
      ), question as (
        insert into survey_questions (campaign_id, spoke_key, question) values (${old}, 'q', 'Q?') returning id
      ), tagged as (
        insert into conversation_tags (conversation_id, tag_id) select c.id, tag.id from conversations c, tag
      )
      insert into survey_responses (conversation_id, question_id, value)
      select c.id, question.id, 'Yes' from conversations c, question where c.campaign_id = ${old}`.execute(
      testDb.db,
    );
    const { rows } = await sql<{ id: number }>`
      select id from conversations where campaign_id = ${old} order by id limit 1`.execute(testDb.db);
    const keptId = rows[0]!.id;

    expect(await deleteConversationsOlderThan(testDb.db, daysAgo(200))).toBe(0);
    const deleted = await deleteConversationsOlderThan(testDb.db, daysAgo(30), {
      keptBy: [(id) => sql`${id} = ${keptId}`],
    });
    expect(deleted).toBe(3);
    expect(await counts()).toEqual({ conversations: 4, messages: 4, tags: 4, answers: 1 });
    const kept = await sql`select 1 from conversations where id = ${keptId}`.execute(testDb.db);
    expect(kept.rows).toHaveLength(1);
  });
});
