import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { createUser } from '../../users/index.js';
import { assignBatch } from '../commands/assignBatch.js';
import { submitAudit } from '../commands/submitAudit.js';
import { trimPool } from './expireAndTrim.js';
import { refreshPool } from './refreshPool.js';

const testDb = setupTestDatabase();
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('pool and data retention', () => {
  it('drops old free conversations from the pool, then deletes data nobody audited', async () => {
    const [, old] = await seedCampaigns(testDb.db, [
      { conversations: 5, newest: daysAgo(1) },
      { conversations: 25, newest: daysAgo(100) },
    ]);
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
    expect(await trimPool(testDb.db, NOW)).toEqual({ removedFromPool: 0, deletedConversations: 0 });

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
    expect(rows[0]!.free).toBe(rows[0]!.counted);
    expect(rows[0]!.conversations).toBe(25);
    const kept = await sql<{
      n: number;
    }>`select count(*)::int as n from conversations where id = ${audited.conversation_id}`.execute(testDb.db);
    expect(kept.rows[0]!.n).toBe(1);
  });
});
