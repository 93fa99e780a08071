import { type Expression, sql } from 'kysely';
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

    expect(await deleteConversationsOlderThan(testDb.db, daysAgo(200))).toEqual({
      conversations: 0,
      contacts: 0,
      optOuts: 0,
    });
    const deleted = await deleteConversationsOlderThan(testDb.db, daysAgo(30), {
      keptBy: [(id) => sql`${id} = ${keptId}`],
    });
    expect(deleted).toEqual({ conversations: 3, contacts: 3, optOuts: 0 });
    expect(await counts()).toEqual({ conversations: 4, messages: 4, tags: 4, answers: 1 });
    const kept = await sql`select 1 from conversations where id = ${keptId}`.execute(testDb.db);
    expect(kept.rows).toHaveLength(1);
  });

  it('erases contacts left without conversations, and opt-outs once their cell is gone and they are old', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [{ conversations: 2, newest: daysAgo(100) }]);
    const { rows: seeded } = await sql<{ source_id: number; cell: string; last_message_at: Date }>`
      select c.source_id, p.cell, c.last_message_at from conversations c join contacts p on p.id = c.contact_id
       where c.campaign_id = ${campaign} order by c.last_message_at`.execute(testDb.db);
    const [goes, stays] = seeded as [(typeof seeded)[0], (typeof seeded)[0]];
    const sourceId = goes.source_id;
    // `stays` is kept (another domain needs its conversation); `goes` is not.
    // (Conversations of the other test are kept too.)
    const keptBy = [
      (id: Expression<number>) =>
        sql<boolean>`exists (select 1 from conversations k join contacts p on p.id = k.contact_id
                              where k.id = ${id} and (k.campaign_id <> ${campaign} or p.cell = ${stays.cell}))`,
    ];
    await sql`
      insert into opt_outs (source_id, cell, created_at, stored_at) values
        (${sourceId}, ${goes.cell}, ${daysAgo(200)}, ${daysAgo(200)}),   -- old, its contact goes: erased
        (${sourceId}, ${stays.cell}, ${daysAgo(200)}, ${daysAgo(200)}),  -- old, its contact stays: honoured
        (${sourceId}, '+19990000001', ${daysAgo(5)}, ${daysAgo(5)}),     -- no contact, but recent: kept
        (${sourceId}, '+19990000002', null, ${daysAgo(5)}),              -- no date from Spoke, stored recently
        (${sourceId}, '+19990000003', null, ${daysAgo(200)})             -- no date from Spoke, stored long ago
      `.execute(testDb.db);
    // A contact no conversation refers to (left by an earlier deletion) goes whatever its age.
    await sql`insert into contacts (source_id, cell) values (${sourceId}, '+19990000004')`.execute(testDb.db);

    const deleted = await deleteConversationsOlderThan(testDb.db, daysAgo(30), { keptBy });
    expect(deleted).toEqual({ conversations: 1, contacts: 2, optOuts: 2 });
    const { rows: contacts } = await sql<{ cell: string }>`
      select cell from contacts where source_id = ${sourceId} order by cell`.execute(testDb.db);
    expect(contacts.map((c) => c.cell)).toEqual([stays.cell]);
    const { rows: optOuts } = await sql<{ cell: string }>`
      select cell from opt_outs where source_id = ${sourceId} order by cell`.execute(testDb.db);
    expect(optOuts.map((o) => o.cell).sort()).toEqual([stays.cell, '+19990000001', '+19990000002'].sort());
  });
});
