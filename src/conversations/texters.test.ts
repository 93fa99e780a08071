import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { markTexterAudited } from './texters.js';

const testDb = setupTestDatabase();

async function auditDate(conversationId: number): Promise<Date | null> {
  const { rows } = await sql<{ d: Date | null }>`
    select t.texter_audit_date as d from conversations c join texters t on t.id = c.texter_id
     where c.id = ${conversationId}`.execute(testDb.db);
  return rows[0]!.d;
}

describe('markTexterAudited', () => {
  it('moves the texter’s date of last audit forward, never back', async () => {
    await seedCampaigns(testDb.db, [{ conversations: 2, newest: new Date('2026-01-01T00:00:00Z') }]);
    const { rows } = await sql<{ id: number }>`select id from conversations order by id limit 1`.execute(
      testDb.db,
    );
    const conversationId = rows[0]!.id;
    expect(await auditDate(conversationId)).toBeNull();

    const first = new Date('2026-02-01T00:00:00Z');
    await markTexterAudited(testDb.db, { conversationId, at: first });
    expect(await auditDate(conversationId)).toEqual(first);
    await markTexterAudited(testDb.db, { conversationId, at: new Date('2026-01-15T00:00:00Z') });
    expect(await auditDate(conversationId)).toEqual(first);
    const later = new Date('2026-03-01T00:00:00Z');
    await markTexterAudited(testDb.db, { conversationId, at: later });
    expect(await auditDate(conversationId)).toEqual(later);
  });

  it('does nothing for a conversation without a texter', async () => {
    const { rows } = await sql<{ id: number }>`
      update conversations set texter_id = null where id = (select max(id) from conversations)
      returning id`.execute(testDb.db);
    await markTexterAudited(testDb.db, { conversationId: rows[0]!.id, at: new Date() });
    const { rows: dates } = await sql<{ n: number }>`
      select count(*)::int as n from texters where texter_audit_date > '2026-03-01'`.execute(testDb.db);
    expect(dates[0]!.n).toBe(0);
  });
});
