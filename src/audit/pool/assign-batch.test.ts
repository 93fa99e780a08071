import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { createUser } from '../../users/index.js';
import { submitAudit } from '../commands/submit-audit.js';
import { assignBatch } from './assign-batch.js';
import { expireBatches } from './expire-and-trim.js';
import { refreshPool } from './refresh-pool.js';

const testDb = setupTestDatabase();
const NOW = new Date('2026-03-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
let seq = 0;

async function auditor() {
  return createUser(testDb.db, {
    email: `aud${++seq}@example.org`,
    role: 'auditor',
    password: 'long password 1',
  });
}

async function reset() {
  await sql`truncate audits, audit_pool, audit_campaign_free, audit_batches, conversations, contacts, texters, campaigns, sources cascade`.execute(
    testDb.db,
  );
  await sql`update audit_settings set batch_size = 20, calibration_share = 0, resume_unfinished = true, pool_contact_replied = true`.execute(
    testDb.db,
  );
}

async function freeCounts() {
  const { rows } = await sql<{
    campaign_id: number;
    free_count: number;
    actual: number;
    fills_right: boolean;
  }>`
    select c.campaign_id, c.free_count,
           (select count(*)::int from audit_pool p where p.campaign_id = c.campaign_id and p.assigned_to is null and p.audited_at is null) as actual,
           c.fills = (c.free_count >= audit_usual_need()) as fills_right
      from audit_campaign_free c order by c.campaign_id`.execute(testDb.db);
  // Whether a campaign can fill a batch of the configured size is kept with its count.
  for (const row of rows) expect(row.fills_right).toBe(true);
  return rows;
}

beforeEach(reset);

describe('assignBatch', () => {
  it('takes the newest conversations of the most recent campaign that can fill the batch', async () => {
    const [big, recentSmall, recentBig] = await seedCampaigns(testDb.db, [
      { conversations: 50, newest: minutesAgo(100) },
      { conversations: 5, newest: minutesAgo(1) },
      { conversations: 25, newest: minutesAgo(10), silent: 4 },
    ]);
    // The seeded conversations entered the pool as they were inserted: a refresh adds nothing.
    expect(await refreshPool(testDb.db, NOW)).toEqual({ added: 0, updated: 0 });
    expect((await freeCounts()).reduce((n, row) => n + row.free_count, 0)).toBe(80);
    const a = await auditor();
    const { items } = await assignBatch(testDb.db, { auditorId: a.id, now: NOW });
    expect(items).toHaveLength(20);
    expect(new Set(items.map((i) => i.campaign_id))).toEqual(new Set([recentBig]));
    const times = items.map((i) => i.last_message_at.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(times[0]).toBe(minutesAgo(10).getTime());
    expect(big).toBeDefined();
    expect(recentSmall).toBeDefined();
    for (const row of await freeCounts()) expect(row.free_count).toBe(row.actual);
  });

  it('gives an unfinished batch back instead of a new one', async () => {
    await seedCampaigns(testDb.db, [{ conversations: 60, newest: minutesAgo(5) }]);
    await refreshPool(testDb.db, NOW);
    const a = await auditor();
    const first = await assignBatch(testDb.db, { auditorId: a.id, now: NOW });
    const again = await assignBatch(testDb.db, { auditorId: a.id, now: minutesAgo(-5) });
    expect(again.batch.id).toBe(first.batch.id);
    await sql`update audit_settings set resume_unfinished = false`.execute(testDb.db);
    const fresh = await assignBatch(testDb.db, { auditorId: a.id, now: minutesAgo(-6) });
    expect(fresh.batch.id).not.toBe(first.batch.id);
    const overlap = fresh.items.filter((i) =>
      first.items.some((f) => f.conversation_id === i.conversation_id),
    );
    expect(overlap).toEqual([]);
  });

  it('at the end of the pool uses the fewest campaigns, largest first, and stays full', async () => {
    const [c1, c2, c3] = await seedCampaigns(testDb.db, [
      { conversations: 8, newest: minutesAgo(1) },
      { conversations: 12, newest: minutesAgo(50) },
      { conversations: 3, newest: minutesAgo(2) },
    ]);
    await refreshPool(testDb.db, NOW);
    const { items } = await assignBatch(testDb.db, { auditorId: (await auditor()).id, now: NOW });
    const perCampaign = new Map<number, number>();
    for (const i of items) perCampaign.set(i.campaign_id, (perCampaign.get(i.campaign_id) ?? 0) + 1);
    expect(Object.fromEntries(perCampaign)).toEqual({ [c2!]: 12, [c1!]: 8 });
    const rest = await assignBatch(testDb.db, { auditorId: (await auditor()).id, now: NOW });
    expect(rest.items.map((i) => i.campaign_id)).toEqual([c3, c3, c3]);
    await expect(assignBatch(testDb.db, { auditorId: (await auditor()).id, now: NOW })).rejects.toMatchObject(
      { code: 'pool_empty' },
    );
  });

  it('breaks ties in time by the texter audited least recently', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [
      { conversations: 6, newest: minutesAgo(1), texters: 3 },
    ]);
    await sql`update conversations set last_message_at = ${minutesAgo(1)} where campaign_id = ${campaign}`.execute(
      testDb.db,
    );
    const texters = await testDb.db.selectFrom('texters').select('id').orderBy('id').execute();
    await sql`update texters set texter_audit_date = ${minutesAgo(10)} where id = ${texters[0]!.id}`.execute(
      testDb.db,
    );
    await sql`update texters set texter_audit_date = ${minutesAgo(1000)} where id = ${texters[1]!.id}`.execute(
      testDb.db,
    );
    await refreshPool(testDb.db, NOW);
    const { items } = await assignBatch(testDb.db, { auditorId: (await auditor()).id, size: 2, now: NOW });
    // Texter 3 was never audited, texter 2 long ago: their conversations come first.
    expect(items.map((i) => i.texter_id).sort()).toEqual([texters[2]!.id, texters[2]!.id].sort());
    const next = await assignBatch(testDb.db, { auditorId: (await auditor()).id, size: 2, now: NOW });
    expect(next.items.map((i) => i.texter_id)).toEqual([texters[1]!.id, texters[1]!.id]);
  });

  it('returns expired assignments to the pool, keeping audited ones', async () => {
    await seedCampaigns(testDb.db, [{ conversations: 20, newest: minutesAgo(1) }]);
    await refreshPool(testDb.db, NOW);
    const a = await auditor();
    const { items } = await assignBatch(testDb.db, { auditorId: a.id, now: NOW });
    await submitAudit(testDb.db, {
      auditorId: a.id,
      conversationId: items[0]!.conversation_id,
      scores: { question: true, tag: true, optout: true, tone: false },
      now: NOW,
    });
    expect(await expireBatches(testDb.db, minutesAgo(-60))).toBe(0);
    expect(await expireBatches(testDb.db, minutesAgo(-24 * 60 - 1))).toBe(1);
    const counts = await freeCounts();
    expect(counts[0]).toMatchObject({ free_count: 19, actual: 19 });
    const again = await assignBatch(testDb.db, {
      auditorId: (await auditor()).id,
      size: 25,
      now: minutesAgo(-24 * 60 - 2),
    });
    expect(again.items).toHaveLength(19);
    expect(again.items.map((i) => i.conversation_id)).not.toContain(items[0]!.conversation_id);
  });

  it('never gives the same conversation to two of 40 concurrent auditors, and every batch is full', async () => {
    await seedCampaigns(testDb.db, [
      { conversations: 400, newest: minutesAgo(1) },
      { conversations: 300, newest: minutesAgo(2) },
      { conversations: 150, newest: minutesAgo(3) },
      { conversations: 17, newest: minutesAgo(4) },
    ]);
    await refreshPool(testDb.db, NOW);
    const auditors = await Promise.all(Array.from({ length: 40 }, () => auditor()));
    const batches = await Promise.all(
      auditors.map((a) => assignBatch(testDb.db, { auditorId: a.id, now: NOW })),
    );
    const ids = batches.flatMap((b) => b.items.map((i) => i.conversation_id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(batches.every((b) => b.items.length === 20)).toBe(true);
    for (const row of await freeCounts()) expect(row.free_count).toBe(row.actual);
  });
});
