import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { assignBatch } from '../audit/index.js';
import { findUserByEmail } from '../users/index.js';
import { demoSpokeExport } from './conversations.js';
import { loadDemo } from './index.js';

const testDb = setupTestDatabase();

async function counts() {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*)::int from campaigns) as campaigns,
           (select count(*)::int from conversations) as conversations,
           (select count(*)::int from messages) as messages,
           (select count(*)::int from survey_responses) as responses,
           (select count(*)::int from conversation_tags) as tags,
           (select count(*)::int from conversations where opted_out) as opted_out,
           (select count(*)::int from audit_pool) as pool`.execute(testDb.db);
  return rows[0]!;
}

describe('audit demo data', () => {
  it('imports three Spoke-like campaigns through the CSV importer, once, ready to audit', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const expected = demoSpokeExport(now);
    expect(expected.conversations).toBe(300);
    await loadDemo(testDb, now);
    const first = await counts();
    expect(first).toMatchObject({ campaigns: 3, conversations: 300 });
    expect(first.messages).toBeGreaterThan(500);
    expect(first.responses).toBeGreaterThan(100);
    expect(first.tags).toBeGreaterThan(10);
    expect(first.opted_out).toBeGreaterThan(10);
    // The default pool rule keeps conversations where the contact replied (about 85 %).
    expect(first.pool).toBeGreaterThan(200);
    expect(first.pool).toBeLessThan(300);

    await loadDemo(testDb, new Date('2026-11-25T12:00:00Z'));
    expect(await counts()).toEqual(first);

    const admin = await findUserByEmail(testDb.db, 'admin@parley.example');
    const { items } = await assignBatch(testDb.db, { auditorId: admin!.id, now });
    expect(items).toHaveLength(20);
    expect(new Set(items.map((i) => i.campaign_id)).size).toBe(1);
  });
});
