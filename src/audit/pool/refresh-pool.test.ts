import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { refreshPool } from './refresh-pool.js';

const testDb = setupTestDatabase();
const NOW = new Date('2026-04-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function pending(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_pool_pending`.execute(
    testDb.db,
  );
  return rows[0]!.n;
}

async function freeCount(campaignId: number): Promise<number | undefined> {
  const row = await testDb.db
    .selectFrom('audit_campaign_free')
    .select('free_count')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return row?.free_count;
}

beforeEach(async () => {
  await sql`truncate audit_pool_pending, audits, audit_pool, audit_campaign_free, audit_batches, conversations, contacts, texters, campaigns, sources cascade`.execute(
    testDb.db,
  );
  await sql`update audit_settings set batch_size = 20, calibration_share = 0, pool_contact_replied = true`.execute(
    testDb.db,
  );
});

describe('refreshPool after an import (pending)', () => {
  it('takes exactly the conversations written since the last refresh, and counts them', async () => {
    const [old] = await seedCampaigns(testDb.db, [{ conversations: 10, newest: minutesAgo(100), silent: 2 }]);
    // Conversations with messages are listed as they are written (silent ones never replied).
    expect(await pending()).toBe(12);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 10, updated: 0 });
    expect(await pending()).toBe(0);
    expect(await freeCount(old!)).toBe(10);

    // A later import: a new campaign, and newer messages in two old conversations.
    const [fresh] = await seedCampaigns(testDb.db, [{ conversations: 4, newest: minutesAgo(5) }]);
    await sql`update conversations set last_message_at = ${minutesAgo(1)}
               where id in (select id from conversations where campaign_id = ${old} and contact_replied order by id limit 2)`.execute(
      testDb.db,
    );
    // An untouched field does not list a conversation.
    await sql`update conversations set external_id = 'x' where campaign_id = ${old}`.execute(testDb.db);
    expect(await pending()).toBe(6);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 4, updated: 2 });
    expect(await freeCount(fresh!)).toBe(4);
    const top = await testDb.db
      .selectFrom('audit_campaign_free')
      .select('newest_free_at')
      .where('campaign_id', '=', old!)
      .executeTakeFirstOrThrow();
    expect(top.newest_free_at).toEqual(minutesAgo(1));
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 0, updated: 0 });
  });

  it('leaves what it was not told about to the full refresh, which also empties the list', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [{ conversations: 6, newest: minutesAgo(10) }]);
    await sql`truncate audit_pool_pending`.execute(testDb.db);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 0, updated: 0 });
    await seedCampaigns(testDb.db, [{ conversations: 3, newest: minutesAgo(10) }]);
    expect(await refreshPool(testDb.db, NOW)).toEqual({ added: 9, updated: 0 });
    expect(await pending()).toBe(0);
    expect(await freeCount(campaign!)).toBe(6);
  });
});
