import { sql } from 'kysely';
import { AUDIT_REVIEW_LIMITS } from '../../../common/api/audit-review.js';
import type { Db } from '../../db/index.js';
import { type AuditListRowData, listAudits } from './list-audits.js';

export interface Period {
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface ItemRateRow {
  key: string;
  label: string;
  audits: number;
  passed: number;
}

export interface TexterReviewRows {
  texter: { id: number; first_name: string; last_name: string; email: string | null };
  total: number;
  passed: number;
  items: ItemRateRow[];
  audits: AuditListRowData[];
}

/**
 * A texter's audits over a period: totals, the pass rate of each rubric item (over the audits that
 * scored it: rubric versions differ), and the newest audits with their notes. Null: no such texter.
 */
export async function loadTexterReview(
  db: Db,
  texterId: number,
  period: Period,
): Promise<TexterReviewRows | null> {
  const texter = await db
    .selectFrom('texters')
    .select([
      'id',
      'first_name',
      'last_name',
      sql<string | null>`coalesce(email_override, email)`.as('email'),
    ])
    .where('id', '=', texterId)
    .executeTakeFirst();
  if (!texter) return null;
  const [totals, items, page] = await Promise.all([
    readTotals(db, texterId, period),
    readItemRates(db, texterId, period),
    listAudits(db, {
      texterId,
      from: period.from,
      to: period.to,
      sort: 'created_at',
      order: 'desc',
      cursor: null,
      limit: AUDIT_REVIEW_LIMITS.texterAuditsMax,
    }),
  ]);
  return { texter, ...totals, items, audits: page.rows };
}

function periodSql(period: Period) {
  return sql`${period.from ? sql`and a.created_at >= ${period.from}` : sql``}
             ${period.to ? sql`and a.created_at < ${period.to}` : sql``}`;
}

async function readTotals(db: Db, texterId: number, period: Period) {
  const { rows } = await sql<{ total: number; passed: number }>`
    select count(*)::int as total, count(*) filter (where a.passed)::int as passed
      from audits a where a.texter_id = ${texterId} ${periodSql(period)}`.execute(db);
  return rows[0] ?? { total: 0, passed: 0 };
}

/** Per item key; the label is the newest rubric's that has the key. */
async function readItemRates(db: Db, texterId: number, period: Period): Promise<ItemRateRow[]> {
  const { rows } = await sql<ItemRateRow>`
    with scored as (
      select s.key, s.value = 'true'::jsonb as ok
        from audits a cross join lateral jsonb_each(a.scores) s
       where a.texter_id = ${texterId} ${periodSql(period)}
    ), labels as (
      select distinct on (i->>'key') i->>'key' as key, i->>'label' as label, r.version,
             ord as position
        from audit_rubrics r cross join lateral jsonb_array_elements(r.items) with ordinality as e(i, ord)
       order by i->>'key', r.version desc
    )
    select s.key, coalesce(l.label, s.key) as label, count(*)::int as audits,
           count(*) filter (where s.ok)::int as passed
      from scored s left join labels l on l.key = s.key
     group by s.key, l.label, l.version, l.position
     order by l.version desc nulls last, l.position, s.key`.execute(db);
  return rows;
}
