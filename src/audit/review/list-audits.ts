import { type RawBuilder, sql } from 'kysely';
import type { AuditSortKey, SortOrder } from '../../../common/api/audit-review.js';
import type { Db } from '../../db/index.js';
import type { AuditCursor } from './cursor.js';

/** What the Audits page may filter on (all optional, combined with "and"). */
export interface AuditFilter {
  /** Audits saved at or after this time. */
  from?: Date | undefined;
  /** Audits saved before this time. */
  to?: Date | undefined;
  texterId?: number | undefined;
  campaignId?: number | undefined;
  auditorId?: number | undefined;
  result?: 'passed' | 'failed' | undefined;
  /** A rubric item key the audit failed. */
  item?: string | undefined;
}

export interface AuditListOptions extends AuditFilter {
  sort: AuditSortKey;
  order: SortOrder;
  cursor: AuditCursor | null;
  limit: number;
}

/** One row of the Audits page as read; presenters.ts shapes it. */
export interface AuditListRowData {
  id: number;
  conversation_id: number;
  created_at: Date;
  date_key: string;
  score: number;
  passed: boolean;
  scores: Record<string, boolean>;
  note: string;
  calibration: boolean;
  rubric_version: number;
  auditor_id: number;
  auditor_name: string;
  texter_id: number | null;
  texter_first_name: string | null;
  texter_last_name: string | null;
  campaign_id: number;
  campaign_title: string;
}

export interface AuditListPage {
  rows: AuditListRowData[];
  next: AuditCursor | null;
}

/**
 * A page of audits by keyset: the rows after the cursor in (sort key, id) order, read by walking
 * one index in that order (migration 0082 lists them). An item filter walks the item's rows of
 * `audit_failed_items`, except with a texter or campaign filter: a page then walks the texter's or
 * campaign's audits, about 50 ÷ (share of audits failing the item) rows, fewer than the item's rows
 * to walk to find 50 of one texter or campaign (one among hundreds).
 */
export async function listAudits(db: Db, options: AuditListOptions): Promise<AuditListPage> {
  const { rows } = await pageQuery(options).execute(db);
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const last = page.at(-1);
  const next =
    more && last
      ? {
          sort: options.sort,
          order: options.order,
          key: options.sort === 'score' ? last.score : last.date_key,
          id: last.id,
        }
      : null;
  return { rows: page, next };
}

/** The page's statement (exported so the performance test can EXPLAIN exactly it). */
export function pageQuery(options: AuditListOptions): RawBuilder<AuditListRowData> {
  const core = coreQuery(options);
  const dir = options.order === 'asc' ? sql`asc` : sql`desc`;
  const sortColumn = options.sort === 'score' ? sql`a.score` : sql`a.created_at`;
  return sql<AuditListRowData>`
    with page as materialized (${core})
    select a.id, a.conversation_id, a.created_at,
           to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date_key,
           a.score, a.passed, a.scores, a.note, a.calibration, r.version as rubric_version,
           u.id as auditor_id, u.name as auditor_name,
           t.id as texter_id, t.first_name as texter_first_name, t.last_name as texter_last_name,
           ca.id as campaign_id, ca.title as campaign_title
      from page
      join audits a on a.id = page.id
      join audit_rubrics r on r.id = a.rubric_id
      join users u on u.id = a.auditor_id
      join campaigns ca on ca.id = a.campaign_id
      left join texters t on t.id = a.texter_id
     order by ${sortColumn} ${dir}, a.id ${dir}`;
}

/** The ids of the page (one more than the limit, to know whether another page follows). */
function coreQuery(options: AuditListOptions): RawBuilder<{ id: number }> {
  const byItem =
    options.item !== undefined && options.texterId === undefined && options.campaignId === undefined;
  // The table whose index the page walks: its sort key and id columns.
  const t = byItem ? sql`f` : sql`a`;
  const id = byItem ? sql`f.audit_id` : sql`a.id`;
  const key = options.sort === 'score' ? sql`${t}.score` : sql`${t}.created_at`;
  const dir = options.order === 'asc' ? sql`asc` : sql`desc`;

  const where: RawBuilder<unknown>[] = [];
  if (options.from) where.push(sql`${t}.created_at >= ${options.from}`);
  if (options.to) where.push(sql`${t}.created_at < ${options.to}`);
  if (options.texterId !== undefined) where.push(sql`a.texter_id = ${options.texterId}`);
  if (options.campaignId !== undefined) where.push(sql`a.campaign_id = ${options.campaignId}`);
  if (options.auditorId !== undefined) where.push(sql`a.auditor_id = ${options.auditorId}`);
  if (options.result !== undefined) where.push(sql`a.passed = ${options.result === 'passed'}`);
  if (options.item !== undefined) {
    where.push(
      byItem
        ? sql`f.item = ${options.item}`
        : sql`a.scores @> jsonb_build_object(${options.item}::text, false)`,
    );
  }
  if (options.cursor) {
    const cursorKey =
      options.sort === 'score' ? sql`${options.cursor.key}::real` : sql`${options.cursor.key}::timestamptz`;
    const op = options.order === 'asc' ? sql`>` : sql`<`;
    where.push(sql`(${key}, ${id}) ${op} (${cursorKey}, ${options.cursor.id}::bigint)`);
  }
  const from = byItem ? sql`audit_failed_items f join audits a on a.id = f.audit_id` : sql`audits a`;
  const condition = where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  return sql<{ id: number }>`
    select ${id} as id from ${from} ${condition}
     order by ${key} ${dir}, ${id} ${dir}
     limit ${options.limit + 1}`;
}
