/**
 * The batch rule (docs/audit.md) as a pure function over per-campaign free counts. The database
 * function `audit_assign_batch` (assign-batch.sql) implements the same rule in one round trip;
 * this is its specification, used by the property tests to check what the database chose.
 */
export interface CampaignFree {
  campaignId: number;
  free: number;
  /** Time of the campaign's newest free conversation (epoch ms). */
  newest: number;
}

export interface PlanPart {
  campaignId: number;
  take: number;
}

export function planBatch(campaigns: readonly CampaignFree[], size: number): PlanPart[] {
  if (size <= 0) return [];
  // 1. One campaign that can fill the batch: the one with the most recent free conversation.
  const fillers = campaigns.filter((c) => c.free >= size);
  if (fillers.length > 0) {
    const best = fillers.reduce((a, b) =>
      b.newest > a.newest || (b.newest === a.newest && b.campaignId < a.campaignId) ? b : a,
    );
    return [{ campaignId: best.campaignId, take: size }];
  }
  // 2. The end of the pool: largest campaigns first (ties: most recent first) until full.
  const ordered = campaigns
    .filter((c) => c.free > 0)
    .sort((a, b) => b.free - a.free || b.newest - a.newest || a.campaignId - b.campaignId);
  const plan: PlanPart[] = [];
  let total = 0;
  for (const campaign of ordered) {
    if (total >= size) break;
    const take = Math.min(campaign.free, size - total);
    plan.push({ campaignId: campaign.campaignId, take });
    total += take;
  }
  return plan;
}
