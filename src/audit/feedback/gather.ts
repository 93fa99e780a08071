import { sql } from 'kysely';
import type { SkipReason } from '../../../common/api/feedback.js';
import { FEEDBACK_LIMITS } from '../../../common/limits.js';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/rows.js';

/** A period of whole days, both ends included (UTC days). */
export interface Period {
  from: string;
  to: string;
}

export interface TexterRow {
  id: number;
  first_name: string;
  last_name: string;
  /** The address used: an admin's correction, else the imported one. */
  email: string | null;
  opted_out: boolean;
  already_sent: boolean;
}

export interface AuditRow {
  id: number;
  conversation_id: number;
  texter_id: number;
  created_at: Date;
  passed: boolean;
  scores: Record<string, boolean>;
  note: string;
  items: RubricItemRow[];
  campaign: string;
}

export interface ExcerptRow {
  conversation_id: number;
  from_contact: boolean;
  text: string;
}

/** One texter's material for a feedback e-mail. */
export interface TexterFeedback {
  texter: TexterRow;
  /** Newest first. */
  audits: AuditRow[];
  /** Quoted messages per conversation of a suggestion. */
  excerpts: Map<number, ExcerptRow[]>;
}

/** The period's audits (not calibration re-audits; the texter and campaign the audit was scored for) of the texters named, or of every texter audited then. */
async function auditsOf(db: Db, period: Period, texterIds: readonly number[] | null): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`
    select a.id::int as id, a.conversation_id::int as conversation_id, a.texter_id, a.created_at, a.passed,
           a.scores, a.note, r.items, k.title as campaign
      from audits a
      join campaigns k on k.id = a.campaign_id
      join audit_rubrics r on r.id = a.rubric_id
     where not a.calibration
       and a.created_at >= ${period.from}::date::timestamp at time zone 'UTC'
       and a.created_at < (${period.to}::date + 1)::timestamp at time zone 'UTC'
       and a.texter_id is not null
       ${texterIds === null ? sql`` : sql`and a.texter_id = any(${[...texterIds]}::int[])`}
     order by a.texter_id, a.created_at desc, a.id desc`.execute(db);
  return rows;
}

async function textersOf(db: Db, period: Period, ids: readonly number[]): Promise<TexterRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<TexterRow>`
    select t.id, t.first_name, t.last_name, coalesce(t.email_override, t.email) as email,
           exists (select 1 from texter_feedback_optouts o where o.texter_id = t.id) as opted_out,
           exists (select 1 from feedback_sends s
                    where s.texter_id = t.id and s.period_from = ${period.from}::date
                      and s.period_to = ${period.to}::date and s.resend_of is null) as already_sent
      from texters t
     where t.id = any(${[...ids]}::int[])
     order by lower(t.first_name), lower(t.last_name), t.id`.execute(db);
  return rows;
}

/** The last few messages of each conversation, oldest first: where a missed opt-out or a tone shows. */
async function excerptsOf(db: Db, conversationIds: readonly number[]): Promise<Map<number, ExcerptRow[]>> {
  const byConversation = new Map<number, ExcerptRow[]>();
  if (conversationIds.length === 0) return byConversation;
  const { rows } = await sql<ExcerptRow>`
    select x.conversation_id::int as conversation_id, m.from_contact, m.text
      from unnest(${[...conversationIds]}::bigint[]) as x(conversation_id)
      cross join lateral (
        select from_contact, text, sent_at, spoke_key from messages
         where conversation_id = x.conversation_id
         order by sent_at desc, spoke_key desc limit ${FEEDBACK_LIMITS.excerptMessages}) m
     order by x.conversation_id, m.sent_at, m.spoke_key`.execute(db);
  for (const row of rows) {
    const list = byConversation.get(row.conversation_id) ?? [];
    list.push(row);
    byConversation.set(row.conversation_id, list);
  }
  return byConversation;
}

/**
 * Failed audits worth a suggestion, newest first: those with a note first (a note says what to do),
 * at most a few.
 */
export function suggestedAudits(audits: readonly AuditRow[]): AuditRow[] {
  const failed = audits.filter((a) => !a.passed || a.items.some((item) => a.scores[item.key] === false));
  const withNote = failed.filter((a) => a.note.trim() !== '');
  const without = failed.filter((a) => a.note.trim() === '');
  return [...withNote, ...without].slice(0, FEEDBACK_LIMITS.suggestionsMax);
}

/**
 * Everything the feedback e-mails of a period need, per texter: the texters audited in the period
 * (or those named, audited or not), their audits, and excerpts of the conversations suggested on.
 */
export async function gatherFeedback(
  db: Db,
  period: Period,
  texterIds: readonly number[] | null,
): Promise<TexterFeedback[]> {
  const audits = await auditsOf(db, period, texterIds);
  const byTexter = new Map<number, AuditRow[]>();
  for (const audit of audits) {
    const list = byTexter.get(audit.texter_id) ?? [];
    list.push(audit);
    byTexter.set(audit.texter_id, list);
  }
  const texters = await textersOf(db, period, texterIds ?? [...byTexter.keys()]);
  const suggested = texters.flatMap((t) => suggestedAudits(byTexter.get(t.id) ?? []));
  const excerpts = await excerptsOf(db, [...new Set(suggested.map((a) => a.conversation_id))]);
  return texters.map((texter) => ({ texter, audits: byTexter.get(texter.id) ?? [], excerpts }));
}

/** Why a texter gets no e-mail for the period, or null. */
export function skipReason(feedback: TexterFeedback): SkipReason | null {
  if (feedback.audits.length === 0) return 'no_audits';
  if (feedback.texter.opted_out) return 'opted_out';
  if (feedback.texter.already_sent) return 'already_sent';
  if (feedback.texter.email === null) return 'no_email';
  return null;
}
