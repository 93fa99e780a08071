import type { CopyValue, StagingTable } from '../../../conversations/index.js';
import type { SpokeShape } from './shape.js';

/** Which campaigns an import covers (`--campaign`, `--since`); null = no restriction. */
export interface Scope {
  campaignIds: string[] | null;
  since: Date | null;
}

/** A sync position: the highest id and/or change time (µs since the epoch) seen so far. */
export interface Watermark {
  id?: number;
  ts?: number;
}

/** Spoke's rows as read (column aliases of the queries below), plus the watermark columns. */
export type SourceRow = Record<string, unknown> & { _wm_id?: number | null; _wm_ts?: number | null };

/** One query over the Spoke database and where its rows go. */
export interface Read {
  name: string;
  target: StagingTable;
  text: string;
  values: unknown[];
  /** Incremental reads advance a watermark; the others are read whole on every run. */
  incremental: boolean;
  /** The staging row, or null to skip the row (counted as skipped). */
  map: (row: SourceRow) => CopyValue[] | null;
}

export interface ReadOptions {
  shape: SpokeShape;
  scope: Scope;
  watermarks: Record<string, Watermark>;
  /** How far below the stored positions to read again (late commits; re-reads are harmless). */
  lookback: { ids: number; micros: number };
  cell: (raw: string) => string | null;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const bool = (value: unknown): boolean | null =>
  value === null || value === undefined ? null : Boolean(value);
const time = (value: unknown): Date | null => (value instanceof Date ? value : null);

/** Spoke keeps custom fields as JSON text; anything else is kept whole under `_text`. */
function customFields(raw: unknown): Record<string, unknown> | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw === 'object') return raw as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(String(raw));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON: kept as text below
  }
  return { _text: String(raw) };
}

/** Builds every read of one run, in the order the staging tables are filled. */
export function planReads(options: ReadOptions): Read[] {
  const plan = new ReadPlan(options);
  return [
    campaignRead(plan),
    userRead(plan),
    contactRead(plan),
    messageRead(plan),
    ...questionReads(plan),
    ...tagReads(plan),
    ...optOutReads(plan),
  ];
}

/** What the reads of one run share: the shape of the Spoke database, the scope and positions. */
class ReadPlan {
  constructor(readonly options: ReadOptions) {}

  get shape(): SpokeShape {
    return this.options.shape;
  }

  has(table: string, column: string): boolean {
    return this.options.shape.columns[table]?.has(column) ?? false;
  }

  /**
   * `expr in (campaigns in scope)`. Always through `campaign`, which in Rewired is a view hiding
   * templates: their contacts and messages are not conversations.
   */
  inScope(params: Params, expr: string): string {
    const { scope } = this.options;
    const conditions: string[] = ['true'];
    if (scope.campaignIds) conditions.push(`k.id::text = any(${params.add(scope.campaignIds)}::text[])`);
    if (scope.since) conditions.push(`k.created_at >= ${params.add(scope.since)}`);
    return `${expr} in (select k.id from campaign k where ${conditions.join(' and ')})`;
  }

  /** The watermark columns and condition of an incremental read over `alias` of `table`. */
  watermark(params: Params, name: string, table: string, alias: string) {
    const { options } = this;
    const idColumn = options.shape.integerIds.has(table) ? `${alias}.id` : null;
    const tsColumn = this.has(table, 'updated_at')
      ? `${alias}.updated_at`
      : idColumn === null && this.has(table, 'created_at')
        ? `${alias}.created_at`
        : null;
    const stored = options.watermarks[name] ?? {};
    const parts: string[] = [];
    if (idColumn && stored.id !== undefined) {
      parts.push(`${idColumn} > ${params.add(Math.max(0, stored.id - options.lookback.ids))}`);
    }
    if (tsColumn && stored.ts !== undefined) {
      const since = params.add(Math.max(0, stored.ts - options.lookback.micros));
      parts.push(`${tsColumn} > timestamptz 'epoch' + ${since}::bigint * interval '1 microsecond'`);
    }
    return {
      select: [
        idColumn ? `${idColumn}::bigint as _wm_id` : 'null::bigint as _wm_id',
        tsColumn ? `(extract(epoch from ${tsColumn}) * 1000000)::bigint as _wm_ts` : 'null::bigint as _wm_ts',
      ].join(', '),
      where: parts.length > 0 ? `(${parts.join(' or ')})` : 'true',
    };
  }
}

function campaignRead(plan: ReadPlan): Read {
  const p = new Params();
  const column = (name: string) => (plan.has('campaign', name) ? `c.${name}` : 'null');
  return {
    name: 'campaign',
    target: 'imp_campaigns',
    incremental: false,
    text: `select c.id::text as id, c.organization_id::text as organization_id, c.title,
                  ${column('description')} as description,
                  ${column('is_archived')} as is_archived,
                  ${column('created_at')} as created_at
             from campaign c where ${plan.inScope(p, 'c.id')}`,
    values: p.values,
    map: (r) => [
      text(r.id),
      text(r.organization_id),
      text(r.title),
      text(r.description),
      bool(r.is_archived),
      time(r.created_at),
    ],
  };
}

function userRead(plan: ReadPlan): Read {
  const p = new Params();
  return {
    name: 'user',
    target: 'imp_texters',
    incremental: false,
    text: `select u.id::text as id, u.first_name, u.last_name, u.email, u.cell
             from "user" u
            where exists (select 1 from assignment a where a.user_id = u.id and ${plan.inScope(p, 'a.campaign_id')})`,
    values: p.values,
    map: (r) => {
      const cell = text(r.cell);
      return [
        text(r.id),
        text(r.first_name),
        text(r.last_name),
        text(r.email),
        cell ? (plan.options.cell(cell) ?? cell.trim()) : null,
      ];
    },
  };
}

function contactRead(plan: ReadPlan): Read {
  const p = new Params();
  const wm = plan.watermark(p, 'campaign_contact', 'campaign_contact', 'cc');
  const column = (name: string) => (plan.has('campaign_contact', name) ? `cc.${name}` : 'null');
  return {
    name: 'campaign_contact',
    target: 'imp_conversations',
    incremental: true,
    text: `select cc.id::text as id, cc.campaign_id::text as campaign_id, cc.cell, cc.first_name, cc.last_name,
                  ${column('zip')} as zip, a.user_id::text as texter_id, ${column('external_id')} as external_id,
                  ${column('message_status')} as message_status, ${column('is_opted_out')} as is_opted_out,
                  ${column('custom_fields')} as custom_fields, ${column('created_at')} as created_at,
                  ${column('updated_at')} as updated_at, ${wm.select}
             from campaign_contact cc
             left join assignment a on a.id = cc.assignment_id
            where ${plan.inScope(p, 'cc.campaign_id')} and ${wm.where}`,
    values: p.values,
    map: (r) => {
      const raw = text(r.cell)?.trim();
      if (!raw) return null;
      return [
        text(r.id),
        text(r.campaign_id),
        plan.options.cell(raw) ?? raw,
        text(r.first_name),
        text(r.last_name),
        text(r.zip),
        text(r.texter_id),
        text(r.external_id),
        text(r.message_status),
        bool(r.is_opted_out) ?? false,
        customFields(r.custom_fields),
        time(r.created_at),
        time(r.updated_at),
        false,
        false,
      ];
    },
  };
}

function messageRead(plan: ReadPlan): Read {
  const { shape } = plan;
  const p = new Params();
  const wm = plan.watermark(p, 'message', 'message', 'm');
  // Older Spoke links a message to its contact only through the assignment and the cell: the
  // contact with that cell in the assignment's campaign, preferring the one still assigned to it.
  const byCell = `(select cc.id from assignment a2
                     join campaign_contact cc on cc.campaign_id = a2.campaign_id and cc.cell = m.contact_number
                    where a2.id = m.assignment_id
                    order by (cc.assignment_id = m.assignment_id) desc nulls last, cc.id limit 1)`;
  const contact = shape.messageHasContactId ? `coalesce(m.campaign_contact_id, ${byCell})` : byCell;
  const sender = shape.messageHasUserId
    ? 'm.user_id'
    : 'case when not m.is_from_contact then (select a3.user_id from assignment a3 where a3.id = m.assignment_id) end';
  const scoped = shape.messageHasContactId
    ? `coalesce(m.campaign_contact_id in (select cc2.id from campaign_contact cc2 where ${plan.inScope(p, 'cc2.campaign_id')}), false)
       or (m.campaign_contact_id is null and m.assignment_id in (select a4.id from assignment a4 where ${plan.inScope(p, 'a4.campaign_id')}))`
    : `m.assignment_id in (select a4.id from assignment a4 where ${plan.inScope(p, 'a4.campaign_id')})`;
  return {
    name: 'message',
    target: 'imp_messages',
    incremental: true,
    text: `select m.id::text as id, ${contact}::text as contact_id, m.is_from_contact, ${sender}::text as user_id,
                  m.text, m.send_status, m.created_at, ${wm.select}
             from message m
            where (${scoped}) and ${wm.where}`,
    values: p.values,
    map: (r) => {
      const conversation = text(r.contact_id);
      if (!conversation || !(r.created_at instanceof Date)) return null;
      return [
        conversation,
        text(r.id),
        Boolean(r.is_from_contact),
        r.is_from_contact ? null : text(r.user_id),
        text(r.text) ?? '',
        text(r.send_status),
        r.created_at,
      ];
    },
  };
}

/** Survey questions (interaction steps) and their answers, where the Spoke database has them. */
function questionReads(plan: ReadPlan): Read[] {
  const reads: Read[] = [];
  if (plan.shape.columns.interaction_step) {
    const p = new Params();
    const notDeleted = (alias: string) =>
      plan.has('interaction_step', 'is_deleted') ? `not coalesce(${alias}.is_deleted, false)` : 'true';
    reads.push({
      name: 'interaction_step',
      target: 'imp_survey_questions',
      incremental: false,
      text: `select q.campaign_id::text as campaign_id, q.id::text as id, q.question,
                    coalesce(array_agg(ch.answer_option order by ch.id) filter (where ch.id is not null), '{}') as answers,
                    row_number() over (partition by q.campaign_id order by q.id)::integer as sort
               from interaction_step q
               left join interaction_step ch on ch.parent_interaction_id = q.id and ${notDeleted('ch')}
                    and coalesce(ch.answer_option, '') <> ''
              where coalesce(q.question, '') <> '' and ${notDeleted('q')} and ${plan.inScope(p, 'q.campaign_id')}
              group by q.id, q.campaign_id, q.question`,
      values: p.values,
      map: (r) => [
        text(r.campaign_id),
        text(r.id),
        text(r.question) ?? '',
        (r.answers as string[]) ?? [],
        Number(r.sort),
      ],
    });
  }
  if (plan.shape.columns.question_response) {
    const p = new Params();
    const wm = plan.watermark(p, 'question_response', 'question_response', 'qr');
    reads.push({
      name: 'question_response',
      target: 'imp_survey_responses',
      incremental: true,
      text: `select qr.campaign_contact_id::text as contact_id, qr.interaction_step_id::text as step_id, qr.value, ${wm.select}
               from question_response qr
              where qr.campaign_contact_id in (select cc.id from campaign_contact cc where ${plan.inScope(p, 'cc.campaign_id')})
                and ${wm.where}`,
      values: p.values,
      map: (r) => (r.value === null ? null : [text(r.contact_id), text(r.step_id), text(r.value)]),
    });
  }
  return reads;
}

/** Tags and their links to contacts, where the Spoke database has them. */
function tagReads(plan: ReadPlan): Read[] {
  const { tagLinks: link, tagNameColumn } = plan.shape;
  if (!link || !tagNameColumn) return [];
  const q = new Params();
  const wm = plan.watermark(q, link, link, 'l');
  const value = plan.has(link, 'value') ? 'l.value' : 'null';
  return [
    {
      name: 'tag',
      target: 'imp_tags',
      incremental: false,
      text: `select t.id::text as id, t.${tagNameColumn} as name from tag t`,
      values: [],
      map: (r) => [text(r.id), text(r.name) ?? ''],
    },
    {
      name: link,
      target: 'imp_conversation_tags',
      incremental: true,
      text: `select l.campaign_contact_id::text as contact_id, l.tag_id::text as tag_id, ${value} as value, ${wm.select}
               from ${link} l
              where l.campaign_contact_id in (select cc.id from campaign_contact cc where ${plan.inScope(q, 'cc.campaign_id')})
                and ${wm.where}`,
      values: q.values,
      map: (r) => [text(r.contact_id), text(r.tag_id), text(r.value)],
    },
  ];
}

function optOutReads(plan: ReadPlan): Read[] {
  if (!plan.shape.columns.opt_out) return [];
  const p = new Params();
  const wm = plan.watermark(p, 'opt_out', 'opt_out', 'o');
  const organizations = `o.organization_id in (select k2.organization_id from campaign k2 where ${plan.inScope(p, 'k2.id')})`;
  const column = (name: string) => (plan.has('opt_out', name) ? `o.${name}` : 'null');
  return [
    {
      name: 'opt_out',
      target: 'imp_opt_outs',
      incremental: true,
      text: `select o.organization_id::text as organization_id, o.cell,
                    ${column('reason_code')} as reason_code,
                    ${column('created_at')} as created_at, ${wm.select}
               from opt_out o where ${organizations} and ${wm.where}`,
      values: p.values,
      map: (r) => {
        const raw = text(r.cell)?.trim();
        if (!raw) return null;
        return [
          text(r.organization_id) ?? '',
          plan.options.cell(raw) ?? raw,
          text(r.reason_code),
          time(r.created_at),
        ];
      },
    },
  ];
}
