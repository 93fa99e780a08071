import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignFree, planBatch } from './plan-batch.js';

const campaigns = fc.uniqueArray(
  fc.record({
    campaignId: fc.integer({ min: 1, max: 10_000 }),
    free: fc.integer({ min: 0, max: 60 }),
    newest: fc.integer({ min: 0, max: 1e6 }),
  }),
  {
    selector: (c) => c.campaignId,
    maxLength: 30,
  },
);

const total = (cs: readonly CampaignFree[]) => cs.reduce((sum, c) => sum + c.free, 0);

describe('planBatch', () => {
  it('always fills the batch while enough are free, never takes more than a campaign has', () => {
    fc.assert(
      fc.property(campaigns, fc.integer({ min: 1, max: 40 }), (cs, size) => {
        const plan = planBatch(cs, size);
        const taken = plan.reduce((sum, p) => sum + p.take, 0);
        expect(taken).toBe(Math.min(size, total(cs)));
        for (const part of plan) {
          const campaign = cs.find((c) => c.campaignId === part.campaignId)!;
          expect(part.take).toBeGreaterThan(0);
          expect(part.take).toBeLessThanOrEqual(campaign.free);
        }
      }),
    );
  });

  it('uses one campaign whenever one can fill it: the most recent of those', () => {
    fc.assert(
      fc.property(campaigns, fc.integer({ min: 1, max: 40 }), (cs, size) => {
        const fillers = cs.filter((c) => c.free >= size);
        fc.pre(fillers.length > 0);
        const plan = planBatch(cs, size);
        expect(plan).toHaveLength(1);
        const chosen = cs.find((c) => c.campaignId === plan[0]!.campaignId)!;
        for (const other of fillers) expect(chosen.newest).toBeGreaterThanOrEqual(other.newest);
      }),
    );
  });

  it('at the end of the pool uses the fewest campaigns possible', () => {
    fc.assert(
      fc.property(campaigns, fc.integer({ min: 1, max: 40 }), (cs, size) => {
        fc.pre(cs.every((c) => c.free < size));
        const plan = planBatch(cs, size);
        const need = Math.min(size, total(cs));
        // No smaller set of campaigns holds `need`: the largest k-1 together hold less.
        const largest = cs.map((c) => c.free).sort((a, b) => b - a);
        const fewer = largest.slice(0, plan.length - 1).reduce((a, b) => a + b, 0);
        if (plan.length > 0) expect(fewer).toBeLessThan(need);
      }),
    );
  });

  it('takes the most recent first among equally large campaigns', () => {
    const plan = planBatch(
      [
        { campaignId: 1, free: 5, newest: 100 },
        { campaignId: 2, free: 5, newest: 300 },
        { campaignId: 3, free: 9, newest: 50 },
      ],
      12,
    );
    expect(plan).toEqual([
      { campaignId: 3, take: 9 },
      { campaignId: 2, take: 3 },
    ]);
  });
});
