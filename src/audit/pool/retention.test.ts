import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { createUser } from '../../users/index.js';
import { submitAudit } from '../commands/submit-audit.js';
import { assignBatch } from './assign-batch.js';
import { trimPool } from './expire-and-trim.js';
import { refreshPool } from './refresh-pool.js';

const testDb = setupTestDatabase();
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('pool and data retention', () => {
  it('drops old free conversations from the pool, then deletes data nobody audited', async () => {
    const [, old] = await seedCampaigns(testDb.db, [
      { conversations: 5, newest: daysAgo(1) },
      { conversations: 25, newest: daysAgo(100) },
    ]);
    // Two messages and a tag per conversation: they have no foreign key, so retention must delete
    // them itself.
    await sql`
      insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
      select c.id, d.key, d.key = 'in', 'Hi', coalesce(c.last_message_at, now())
        from conversations c cross join (values ('out'), ('in')) as d(key)`.execute(testDb.db);
    await sql`
      with tag as (
        insert into tags (source_id, spoke_key, name) select source_id, 'n:Kept', 'Kept' from campaigns limit 1
        returning id
      )
      insert into conversation_tags (conversation_id, tag_id) select c.id, tag.id from conversations c, tag`.execute(
      testDb.db,
    );
    await refreshPool(testDb.db, NOW);
    const auditor = await createUser(testDb.db, {
      email: 'ret@example.org',
      role: 'auditor',
      password: 'long password 1',
    });
    const { items } = await assignBatch(testDb.db, { auditorId: auditor.id, now: NOW, size: 20 });
    const audited = items.find((i) => i.campaign_id === old)!;
    await submitAudit(testDb.db, {
      auditorId: auditor.id,
      conversationId: audited.conversation_id,
      scores: { question: true, tag: true, optout: true, tone: true },
      now: NOW,
    });

    // Nothing configured: nothing goes.
    expect(await trimPool(testDb.db, NOW)).toEqual({
      removedFromPool: 0,
      deletedConversations: 0,
      deletedContacts: 0,
      deletedOptOuts: 0,
      dataCutoff: null,
    });

    await sql`update audit_settings set pool_retention_days = 30, data_retention_days = 60`.execute(
      testDb.db,
    );
    const result = await trimPool(testDb.db, NOW);
    // The batch took the 20 newest of the old campaign (the recent one cannot fill it); its 5
    // other, free conversations leave the pool and, never audited, are deleted. Assigned ones stay.
    const { rows } = await sql<{ pool: number; conversations: number; free: number; counted: number }>`
      select (select count(*)::int from audit_pool) as pool,
             (select count(*)::int from conversations) as conversations,
             (select count(*)::int from audit_pool where assigned_to is null and audited_at is null) as free,
             (select coalesce(sum(free_count), 0)::int from audit_campaign_free) as counted`.execute(
      testDb.db,
    );
    expect(result.removedFromPool).toBe(5);
    expect(result.deletedConversations).toBe(5);
    expect(result.deletedContacts).toBe(5);
    expect(result.dataCutoff).toEqual(daysAgo(60));
    expect(rows[0]!.free).toBe(rows[0]!.counted);
    expect(rows[0]!.conversations).toBe(25);
    const kept = await sql<{
      n: number;
    }>`select count(*)::int as n from conversations where id = ${audited.conversation_id}`.execute(testDb.db);
    expect(kept.rows[0]!.n).toBe(1);
    const messages = await sql<{ total: number; orphaned: number }>`
      select count(*)::int as total,
             (count(*) filter (where not exists (select 1 from conversations c where c.id = m.conversation_id)))::int
               as orphaned
        from messages m`.execute(testDb.db);
    expect(messages.rows[0]).toEqual({ total: 2 * 25, orphaned: 0 });
    const tags = await sql<{ n: number }>`select count(*)::int as n from conversation_tags`.execute(
      testDb.db,
    );
    expect(tags.rows[0]!.n).toBe(25);
  });

  it('with only data retention set, free pool rows past it leave the pool so that their data can go', async () => {
    const [old, recent] = await seedCampaigns(testDb.db, [
      { conversations: 3, newest: daysAgo(90) },
      { conversations: 2, newest: daysAgo(2) },
    ]);
    await sql`update audit_settings set pool_retention_days = null, data_retention_days = 60`.execute(
      testDb.db,
    );
    await refreshPool(testDb.db, NOW);
    const pooled = async (campaign: number) => {
      const { rows } = await sql<{ pool: number; conversations: number }>`
        select (select count(*)::int from audit_pool where campaign_id = ${campaign}) as pool,
               (select count(*)::int from conversations where campaign_id = ${campaign}) as conversations`.execute(
        testDb.db,
      );
      return rows[0];
    };
    expect(await pooled(old!)).toEqual({ pool: 3, conversations: 3 });

    const result = await trimPool(testDb.db, NOW);
    expect(result).toMatchObject({ deletedConversations: 3, deletedContacts: 3 });
    expect(await pooled(old!)).toEqual({ pool: 0, conversations: 0 });
    expect(await pooled(recent!)).toEqual({ pool: 2, conversations: 2 });
  });
});
