import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditSortKey, SortOrder } from '../../../common/api/audit-review.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { listReviewChoices, listReviewItems } from './items.js';
import { type AuditFilter, type AuditListOptions, listAudits, pageQuery } from './list-audits.js';
import { loadTexterReview } from './texter-review.js';

/**
 * The Audits page at 1,000,000 audits: every filter and sort, first page and a deep page, each
 * ≤ 100 ms (median of three runs) through the real query, and each plan on an index (never a
 * sequential scan of audits or of the failed items). The data is made in SQL in a few seconds.
 */
const testDb = setupTestDatabase();
const AUDITS = 1_000_000;
const BUDGET_MS = 100;
const RUNS = 3;

let texterId = 0;
let campaignId = 0;
let auditorId = 0;

/** The tables' own indexes (not their keys), to build them once after the bulk insert: much faster. */
const BULK_TABLES = ['audits', 'audit_failed_items'];

async function generate(): Promise<void> {
  const db = testDb.db;
  await db.transaction().execute(async (trx) => {
    const { rows: indexes } = await sql<{ name: string; def: string }>`
      select i.indexname as name, i.indexdef as def from pg_indexes i
       where i.tablename in (${sql.join(BULK_TABLES)})
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(trx);
    for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(trx);
    // Rows are valid by construction: skip the foreign-key triggers to make a million in seconds.
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`select setseed(0.42)`.execute(trx);
    const { rows } = await sql<{ id: number }>`
      insert into sources (name) values ('perf') returning id`.execute(trx);
    const source = rows[0]?.id as number;
    await sql`insert into campaigns (source_id, spoke_key, title)
      select ${source}, 'c' || n, 'Campaign ' || n from generate_series(1, 200) n`.execute(trx);
    await sql`insert into texters (source_id, spoke_key, first_name, last_name)
      select ${source}, 't' || n, 'Texter', n::text from generate_series(1, 2000) n`.execute(trx);
    await sql`insert into users (email, name, role)
      select 'perf-auditor-' || n || '@example.org', 'Auditor ' || n, 'auditor' from generate_series(1, 40) n`.execute(
      trx,
    );
    // 250,000 conversations, each audited by four auditors (calibration-like): 1,000,000 audits.
    await sql`
      insert into conversations (source_id, spoke_key, campaign_id, contact_id, texter_id, message_count)
      select ${source}, 'v' || n,
             (select min(id) from campaigns where source_id = ${source}) + (n % 200),
             n, (select min(id) from texters where source_id = ${source}) + (n * 7 % 2000), 2
        from generate_series(1, ${AUDITS / 4}) n`.execute(trx);
    await sql`
      with conv as (
        select id, campaign_id, texter_id, row_number() over (order by id) - 1 as k
          from conversations where source_id = ${source}
      ), auditors as (
        select array_agg(id order by id) ids from users where email like 'perf-auditor-%'
      ), s as (
        select n, random() < 0.90 as q, random() < 0.85 as tg, random() < 0.98 as o, random() < 0.92 as tn,
               now() - make_interval(secs => random() * 365 * 86400) as at
          from generate_series(0, ${AUDITS - 1}) n
      ), inserted as (
      insert into audits (conversation_id, auditor_id, rubric_id, scores, passed, score, note, created_at,
                          texter_id, campaign_id)
      select conv.id, auditors.ids[1 + (s.n % 40)], (select min(id) from audit_rubrics),
             jsonb_build_object('question', s.q, 'tag', s.tg, 'optout', s.o, 'tone', s.tn),
             s.o and (s.q::int + s.tg::int + s.o::int + s.tn::int) >= 3,
             (s.q::int + s.tg::int + s.o::int + s.tn::int) / 4.0,
             case when s.n % 5 = 0 then 'Note ' || s.n else '' end, s.at, conv.texter_id, conv.campaign_id
        from s join conv on conv.k = s.n / 4 cross join auditors
      returning id, scores, created_at, score
      )
      insert into audit_failed_items (audit_id, item, created_at, score)
      select a.id, e.key, a.created_at, a.score
        from inserted a cross join lateral jsonb_each(a.scores) e where e.value = 'false'::jsonb`.execute(
      trx,
    );
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of indexes) await sql.raw(index.def).execute(trx);
  });
  await sql`vacuum analyze audits`.execute(db);
  await sql`vacuum analyze audit_failed_items`.execute(db);
  const pick = async (column: string) =>
    (
      await sql<{
        v: number;
      }>`select ${sql.ref(column)} as v from audits group by 1 order by count(*) desc, 1 limit 1`.execute(db)
    ).rows[0]?.v as number;
  texterId = await pick('texter_id');
  campaignId = await pick('campaign_id');
  auditorId = await pick('auditor_id');
}

beforeAll(generate, 180_000);

const DAY = 86_400_000;
function filters(): Record<string, AuditFilter> {
  const now = Date.now();
  return {
    none: {},
    period: { from: new Date(now - 30 * DAY), to: new Date(now) },
    texter: { texterId },
    campaign: { campaignId },
    auditor: { auditorId },
    passed: { result: 'passed' },
    failed: { result: 'failed' },
    'item optout (2%)': { item: 'optout' },
    'item tag (15%)': { item: 'tag' },
    'texter + item': { texterId, item: 'tag' },
    'campaign + failed + 90 days': { campaignId, result: 'failed', from: new Date(now - 90 * DAY) },
    'auditor + item optout': { auditorId, item: 'optout' },
    'campaign + item optout': { campaignId, item: 'optout' },
    'campaign + item tag + failed': { campaignId, item: 'tag', result: 'failed' },
    'period 7 days + item tone': { from: new Date(now - 7 * DAY), item: 'tone' },
  };
}
const SORTS: [AuditSortKey, SortOrder][] = [
  ['created_at', 'desc'],
  ['created_at', 'asc'],
  ['score', 'desc'],
  ['score', 'asc'],
];

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

/** Names of the relations read by a sequential scan anywhere in the plan. */
async function seqScans(options: AuditListOptions): Promise<string[]> {
  const compiled = pageQuery(options).compile(testDb.db);
  const { rows } = await testDb.pool.query(`explain (format json) ${compiled.sql}`, [...compiled.parameters]);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Node Type'] === 'Seq Scan') found.push(String(node['Relation Name']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]?.Plan as Record<string, unknown>);
  return found.filter((name) => name === 'audits' || name === 'audit_failed_items');
}

/** A cursor some thousands of rows in (fewer for small filters). */
async function deepCursor(base: AuditListOptions) {
  for (const depth of [5_000, 500, 50, 10]) {
    const { next } = await listAudits(testDb.db, { ...base, limit: depth });
    if (next) return { next, depth };
  }
  return null;
}

describe('the Audits page at 1,000,000 audits', () => {
  it('answers every filter and sort, first and deep page, within 100 ms on an index', {
    timeout: 120_000,
  }, async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audits`.execute(testDb.db);
    expect(rows[0]?.n).toBe(AUDITS);
    const slow: string[] = [];
    for (const [name, filter] of Object.entries(filters())) {
      for (const [sort, order] of SORTS) {
        const base: AuditListOptions = { ...filter, sort, order, cursor: null, limit: 50 };
        const label = `${name} by ${sort} ${order}`;
        expect(await seqScans(base), `${label}: no sequential scan`).toEqual([]);
        const first = await median(() => listAudits(testDb.db, base));
        const deep = await deepCursor(base);
        let deepMs = Number.NaN;
        if (deep) {
          const options = { ...base, cursor: deep.next };
          expect(await seqScans(options), `${label}, deep: no sequential scan`).toEqual([]);
          deepMs = await median(() => listAudits(testDb.db, options));
        }
        if (first > BUDGET_MS) slow.push(`${label} first page: ${first.toFixed(1)} ms`);
        if (deepMs > BUDGET_MS) slow.push(`${label} deep page: ${deepMs.toFixed(1)} ms`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('pages through a filter without gaps or repeats', async () => {
    const seen = new Set<number>();
    let options: AuditListOptions = { texterId, sort: 'score', order: 'desc', cursor: null, limit: 50 };
    const expected = (
      await sql<{ n: number }>`select count(*)::int as n from audits where texter_id = ${texterId}`.execute(
        testDb.db,
      )
    ).rows[0]?.n;
    for (;;) {
      const page = await listAudits(testDb.db, options);
      for (const row of page.rows) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      if (!page.next) break;
      options = { ...options, cursor: page.next };
    }
    expect(seen.size).toBe(expected);
  });

  it("answers the page's filter choices and a texter's page within 100 ms", async () => {
    const choices = await median(() =>
      Promise.all([listReviewItems(testDb.db), listReviewChoices(testDb.db)]),
    );
    const texter = await median(() => loadTexterReview(testDb.db, texterId, {}));
    expect(choices).toBeLessThanOrEqual(BUDGET_MS);
    expect(texter).toBeLessThanOrEqual(BUDGET_MS);
  });
});
