import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { createUser } from '../../users/index.js';
import { assignBatch } from '../commands/assignBatch.js';
import { planBatch } from './planBatch.js';
import { refreshPool } from './refreshPool.js';

/**
 * The database's batch choice against the rule's specification (planBatch): for random pools,
 * the batch has exactly the campaigns and counts the plan gives, and each campaign's part is its
 * newest free conversations.
 */
const testDb = setupTestDatabase();
const NOW = new Date('2026-05-01T00:00:00Z');
let auditorSeq = 0;

const pools = fc.record({
  campaigns: fc.array(
    fc.record({ conversations: fc.integer({ min: 0, max: 30 }), hoursAgo: fc.integer({ min: 0, max: 500 }) }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  size: fc.integer({ min: 1, max: 25 }),
});

describe('audit_assign_batch follows the rule', () => {
  it('chooses what planBatch plans, newest first within each campaign', async () => {
    await fc.assert(
      fc.asyncProperty(pools, async ({ campaigns, size }) => {
        await sql`truncate audits, audit_pool, audit_campaign_free, audit_batches, conversations, contacts, texters, campaigns, sources cascade`.execute(
          testDb.db,
        );
        const ids = await seedCampaigns(
          testDb.db,
          campaigns.map((c) => ({
            conversations: c.conversations,
            newest: new Date(NOW.getTime() - c.hoursAgo * 3_600_000),
          })),
        );
        await refreshPool(testDb.db, NOW);
        const free = await sql<{ campaign_id: number; conversation_id: number; last_message_at: Date }>`
          select campaign_id, conversation_id, last_message_at from audit_pool order by last_message_at desc`.execute(
          testDb.db,
        );
        const plan = planBatch(
          ids.map((id) => {
            const rows = free.rows.filter((r) => r.campaign_id === id);
            return { campaignId: id, free: rows.length, newest: rows[0]?.last_message_at.getTime() ?? 0 };
          }),
          size,
        );
        const auditor = await createUser(testDb.db, {
          email: `prop${++auditorSeq}@example.org`,
          role: 'auditor',
          password: 'long password 1',
        });
        const total = free.rows.length;
        if (total === 0) {
          await expect(
            assignBatch(testDb.db, { auditorId: auditor.id, size, now: NOW }),
          ).rejects.toMatchObject({ code: 'pool_empty' });
          return;
        }
        const { items } = await assignBatch(testDb.db, { auditorId: auditor.id, size, now: NOW });
        expect(items).toHaveLength(Math.min(size, total));
        const taken = new Map<number, number>();
        for (const item of items) taken.set(item.campaign_id, (taken.get(item.campaign_id) ?? 0) + 1);
        expect(Object.fromEntries(taken)).toEqual(
          Object.fromEntries(plan.map((p) => [p.campaignId, p.take])),
        );
        for (const part of plan) {
          const newest = free.rows.filter((r) => r.campaign_id === part.campaignId).slice(0, part.take);
          const chosen = items.filter((i) => i.campaign_id === part.campaignId);
          expect(chosen.map((i) => i.last_message_at.getTime()).sort()).toEqual(
            newest.map((r) => r.last_message_at.getTime()).sort(),
          );
        }
      }),
      { numRuns: 40 },
    );
  });
});
