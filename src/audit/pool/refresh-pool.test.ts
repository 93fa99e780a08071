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
  await sql`update audit_settings set batch_size = 20, calibration_share = 0, pool_contact_replied = true, pool_min_messages = 1`.execute(
    testDb.db,
  );
});

async function pooled(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_pool`.execute(testDb.db);
  return rows[0]!.n;
}

describe('the pool as conversations are written', () => {
  it('takes new eligible conversations as they are inserted, with their counts', async () => {
    await sql`update audit_settings set pool_min_messages = 2`.execute(testDb.db);
    const [campaign] = await seedCampaigns(testDb.db, [
      { conversations: 10, newest: minutesAgo(100), silent: 2 },
    ]);
    // The silent ones never replied: not taken, and not listed either.
    expect(await pooled()).toBe(10);
    expect(await freeCount(campaign!)).toBe(10);
    expect(await pending()).toBe(0);
    await sql`update audit_settings set pool_min_messages = 3`.execute(testDb.db);
    await seedCampaigns(testDb.db, [{ conversations: 4, newest: minutesAgo(5) }]);
    expect(await pooled()).toBe(10);
  });

  it('drops the pool rows of deleted conversations and counts again', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [{ conversations: 6, newest: minutesAgo(10) }]);
    await sql`delete from conversations where id in (select id from conversations where campaign_id = ${campaign} order by id limit 2)`.execute(
      testDb.db,
    );
    expect(await pooled()).toBe(4);
    expect(await freeCount(campaign!)).toBe(4);
  });

  it('makes a delete wait for a refresh in progress, so no row outlives its conversation', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [{ conversations: 3, newest: minutesAgo(10) }]);
    await sql`delete from audit_pool`.execute(testDb.db);
    const refresh = await testDb.pool.connect();
    try {
      await refresh.query('begin');
      await refresh.query(`select pg_advisory_xact_lock(hashtext('audit_refresh_pool'))`);
      // As a refresh does: it read the conversation before the delete, and adds its row after.
      const { rows } = await refresh.query<{ id: string }>(
        'select id from conversations where campaign_id = $1 order by id limit 1',
        [campaign],
      );
      let deleted = false;
      const deletion = sql`delete from conversations where id = ${rows[0]!.id}`
        .execute(testDb.db)
        .then(() => {
          deleted = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(deleted).toBe(false);
      await refresh.query(
        `insert into audit_pool (conversation_id, campaign_id, last_message_at) select id, campaign_id, last_message_at from conversations where id = $1`,
        [rows[0]!.id],
      );
      await refresh.query('commit');
      await deletion;
    } finally {
      refresh.release();
    }
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from audit_pool p where not exists (select 1 from conversations c where c.id = p.conversation_id)`.execute(
      testDb.db,
    );
    expect(orphans.rows[0]!.n).toBe(0);
  });
});

describe('refreshPool after an import (pending)', () => {
  it('takes exactly the conversations changed since the last refresh', async () => {
    const [old] = await seedCampaigns(testDb.db, [{ conversations: 10, newest: minutesAgo(100), silent: 2 }]);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 0, updated: 0 });

    // A later import: newer messages in two old conversations, and a silent one that replied.
    await sql`update conversations set last_message_at = ${minutesAgo(1)}
               where id in (select id from conversations where campaign_id = ${old} and contact_replied order by id limit 2)`.execute(
      testDb.db,
    );
    await sql`update conversations set contact_replied = true
               where id = (select id from conversations where campaign_id = ${old} and not contact_replied order by id limit 1)`.execute(
      testDb.db,
    );
    // An untouched field does not list a conversation.
    await sql`update conversations set external_id = 'x' where campaign_id = ${old}`.execute(testDb.db);
    expect(await pending()).toBe(3);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 1, updated: 2 });
    expect(await pending()).toBe(0);
    expect(await freeCount(old!)).toBe(11);
    const top = await testDb.db
      .selectFrom('audit_campaign_free')
      .select('newest_free_at')
      .where('campaign_id', '=', old!)
      .executeTakeFirstOrThrow();
    expect(top.newest_free_at).toEqual(minutesAgo(1));
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 0, updated: 0 });
  });

  it('leaves what it was not told about to the full refresh, which also empties the list', async () => {
    const [campaign] = await seedCampaigns(testDb.db, [
      { conversations: 6, newest: minutesAgo(10), silent: 3 },
    ]);
    // A rule change lists nothing: the silent ones wait for the full refresh.
    await sql`update audit_settings set pool_contact_replied = false`.execute(testDb.db);
    expect(await refreshPool(testDb.db, NOW, 'pending')).toEqual({ added: 0, updated: 0 });
    await sql`update conversations set last_message_at = ${minutesAgo(2)}
               where id = (select id from conversations where campaign_id = ${campaign} and contact_replied order by id limit 1)`.execute(
      testDb.db,
    );
    expect(await pending()).toBe(1);
    expect(await refreshPool(testDb.db, NOW)).toEqual({ added: 3, updated: 1 });
    expect(await pending()).toBe(0);
    expect(await freeCount(campaign!)).toBe(9);
  });
});
