import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { createUser } from '../../users/index.js';
import { updateAuditSettings } from '../settings.js';
import { assignBatch } from './assign-batch.js';
import { planBatch } from './plan-batch.js';
import { refreshPool } from './refresh-pool.js';

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
    // Narrow ranges besides wide ones, so campaigns often tie on newest time and on free count.
    fc.record({
      conversations: fc.oneof(fc.constantFrom(0, 5, 20), fc.integer({ min: 0, max: 30 })),
      hoursAgo: fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 500 })),
    }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  size: fc.integer({ min: 1, max: 25 }),
  // The size asked for, or the configured one (whose rule 1 walks only the campaigns that can fill).
  configured: fc.boolean(),
});

/** Takes a batch and checks it against planBatch over the pool as it is now. */
async function takeAndCompare(auditorId: number, size: number, configured: boolean): Promise<void> {
  const free = await sql<{ campaign_id: number; conversation_id: number; last_message_at: Date }>`
    select campaign_id, conversation_id, last_message_at from audit_pool
     where assigned_to is null and audited_at is null order by last_message_at desc`.execute(testDb.db);
  const campaignIds = [...new Set(free.rows.map((r) => r.campaign_id))];
  const plan = planBatch(
    campaignIds.map((id) => {
      const rows = free.rows.filter((r) => r.campaign_id === id);
      return { campaignId: id, free: rows.length, newest: rows[0]?.last_message_at.getTime() ?? 0 };
    }),
    size,
  );
  const request = { auditorId, size: configured ? undefined : size, now: NOW };
  const total = free.rows.length;
  if (total === 0) {
    await expect(assignBatch(testDb.db, request)).rejects.toMatchObject({ code: 'pool_empty' });
    return;
  }
  const { items } = await assignBatch(testDb.db, request);
  expect(items).toHaveLength(Math.min(size, total));
  const taken = new Map<number, number>();
  for (const item of items) taken.set(item.campaign_id, (taken.get(item.campaign_id) ?? 0) + 1);
  expect(Object.fromEntries(taken)).toEqual(Object.fromEntries(plan.map((p) => [p.campaignId, p.take])));
  for (const part of plan) {
    const newest = free.rows.filter((r) => r.campaign_id === part.campaignId).slice(0, part.take);
    const chosen = items.filter((i) => i.campaign_id === part.campaignId);
    expect(chosen.map((i) => i.last_message_at.getTime()).sort()).toEqual(
      newest.map((r) => r.last_message_at.getTime()).sort(),
    );
  }
}

describe('audit_assign_batch follows the rule', () => {
  it('chooses what planBatch plans, newest first within each campaign, batch after batch', async () => {
    await fc.assert(
      fc.asyncProperty(pools, async ({ campaigns, size, configured }) => {
        await sql`truncate audits, audit_pool, audit_campaign_free, audit_batches, conversations, contacts, texters, campaigns, sources cascade`.execute(
          testDb.db,
        );
        const admin = await createUser(testDb.db, {
          email: `admin${++auditorSeq}@example.org`,
          role: 'admin',
          password: 'long password 1',
        });
        await updateAuditSettings(testDb.db, { batch_size: configured ? size : 20 }, admin.id, NOW);
        await seedCampaigns(
          testDb.db,
          campaigns.map((c) => ({
            conversations: c.conversations,
            newest: new Date(NOW.getTime() - c.hoursAgo * 3_600_000),
          })),
        );
        await refreshPool(testDb.db, NOW);
        // Two auditors in turn: the second batch is chosen from what the first left.
        for (let turn = 0; turn < 2; turn++) {
          const auditor = await createUser(testDb.db, {
            email: `prop${++auditorSeq}@example.org`,
            role: 'auditor',
            password: 'long password 1',
          });
          await takeAndCompare(auditor.id, size, configured);
        }
      }),
      { numRuns: 40 },
    );
  });
});
