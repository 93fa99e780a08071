import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignFree, planBatch } from './plan-batch.js';

// Small ranges besides wide ones, so pools often hold ties: the same newest time, the same free
// count, both — the tie-breaks are part of the rule and must be pinned too.
const campaigns = fc.uniqueArray(
  fc.record({
    campaignId: fc.integer({ min: 1, max: 10_000 }),
    free: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 60 })),
    newest: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1e6 })),
  }),
  {
    selector: (c) => c.campaignId,
    maxLength: 30,
  },
);
const sizes = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }));

/** Rule 1's order among campaigns that can fill: most recent newest first, then lowest id. */
const fillerBefore = (a: CampaignFree, b: CampaignFree) =>
  a.newest > b.newest || (a.newest === b.newest && a.campaignId < b.campaignId);
/** Rule 2's order: largest free count first, then most recent newest, then lowest id. */
const endBefore = (a: CampaignFree, b: CampaignFree) =>
  a.free > b.free || (a.free === b.free && fillerBefore(a, b));

const total = (cs: readonly CampaignFree[]) => cs.reduce((sum, c) => sum + c.free, 0);

describe('planBatch', () => {
  it('always fills the batch while enough are free, never takes more than a campaign has', () => {
    fc.assert(
      fc.property(campaigns, sizes, (cs, size) => {
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
      fc.property(campaigns, sizes, (cs, size) => {
        const fillers = cs.filter((c) => c.free >= size);
        fc.pre(size > 0 && fillers.length > 0);
        const plan = planBatch(cs, size);
        expect(plan).toHaveLength(1);
        expect(plan[0]!.take).toBe(size);
        const chosen = cs.find((c) => c.campaignId === plan[0]!.campaignId)!;
        for (const other of fillers) if (other !== chosen) expect(fillerBefore(chosen, other)).toBe(true);
      }),
    );
  });

  it('at the end of the pool uses the fewest campaigns possible', () => {
    fc.assert(
      fc.property(campaigns, sizes, (cs, size) => {
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

  it('at the end of the pool takes campaigns in the whole order: free count, newest, id', () => {
    fc.assert(
      fc.property(campaigns, sizes, (cs, size) => {
        fc.pre(cs.every((c) => c.free < size));
        const plan = planBatch(cs, size);
        const parts = plan.map((p) => cs.find((c) => c.campaignId === p.campaignId)!);
        // Each part ranks before the next, and every campaign left out ranks after the last part.
        for (let i = 1; i < parts.length; i++) expect(endBefore(parts[i - 1]!, parts[i]!)).toBe(true);
        const last = parts.at(-1);
        for (const other of cs) {
          if (other.free === 0 || parts.includes(other)) continue;
          expect(last !== undefined && endBefore(last, other)).toBe(true);
        }
        // Every part but the last gives all it has; the last gives what is still missing.
        let missing = Math.min(size, total(cs));
        for (const [i, part] of plan.entries()) {
          expect(part.take).toBe(i < plan.length - 1 ? parts[i]!.free : missing);
          missing -= part.take;
        }
        expect(missing).toBe(0);
      }),
    );
  });

  it('plans nothing for a batch of size 0, whatever the pool', () => {
    fc.assert(
      fc.property(campaigns, (cs) => {
        expect(planBatch(cs, 0)).toEqual([]);
      }),
    );
    expect(planBatch([{ campaignId: 1, free: 0, newest: 0 }], 0)).toEqual([]);
  });

  it('breaks ties in newest time by the lowest campaign id, wherever it stands', () => {
    const tied = [
      { campaignId: 7, free: 30, newest: 500 },
      { campaignId: 3, free: 25, newest: 500 },
      { campaignId: 9, free: 40, newest: 500 },
    ];
    expect(planBatch(tied, 20)).toEqual([{ campaignId: 3, take: 20 }]);
    expect(planBatch([...tied].reverse(), 20)).toEqual([{ campaignId: 3, take: 20 }]);
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
