import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { loadDemo } from '../demo/index.js';

const testDb = setupTestDatabase();

describe('the demo', () => {
  it('has flags in every state, once', async () => {
    const now = new Date();
    await loadDemo({ db: testDb.db, pool: testDb.pool }, now);
    const { rows } = await sql<{ status: string; claimed: boolean; reopened: boolean }>`
      select i.status, i.claim_expires_at > now() as claimed,
             exists (select from moderation_history h where h.item_id = i.id and h.action = 'reopened') as reopened
        from moderation_items i`.execute(testDb.db);
    const statuses = new Set(rows.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['agreed', 'deferred', 'disagreed', 'pending']);
    expect(rows.some((r) => r.claimed)).toBe(true);
    expect(rows.some((r) => r.reopened && r.status === 'pending')).toBe(true);
    const before = rows.length;
    await loadDemo({ db: testDb.db, pool: testDb.pool }, now);
    const after = await testDb.db.selectFrom('moderation_items').select('id').execute();
    expect(after).toHaveLength(before);
  });
});
