import { sql } from 'kysely';
import { FEEDBACK_LIMITS } from '../../../common/limits.js';
import type { Db } from '../../db/index.js';

export interface SendLogRow {
  id: number;
  texter_id: number;
  first_name: string;
  last_name: string;
  texter_email: string | null;
  period_from: string;
  period_to: string;
  template_id: number | null;
  locale: string;
  sent_by: number | null;
  sent_by_name: string | null;
  sent_at: Date;
  to_address: string;
  subject: string;
  body_text: string;
  resend_of: number | null;
  status: string | null;
  attempts: number | null;
  last_response: string | null;
  delivered_at: Date | null;
}

/** Sends, newest first, with their delivery state from the outbox; keyset-paged by id. */
export async function listSends(
  db: Db,
  input: { texterId?: number | undefined; before?: number | undefined; limit?: number | undefined },
): Promise<{ rows: SendLogRow[]; nextBefore: number | null }> {
  const limit = input.limit ?? 50;
  const { rows } = await sql<SendLogRow>`
    select s.id::int as id, s.texter_id, t.first_name, t.last_name, coalesce(t.email_override, t.email) as texter_email,
           s.period_from, s.period_to, s.template_id, s.locale, s.sent_by, u.name as sent_by_name, s.sent_at,
           s.to_address, s.subject, s.body_text, s.resend_of::int as resend_of,
           o.status, o.attempts, o.last_response, o.sent_at as delivered_at
      from feedback_sends s
      join texters t on t.id = s.texter_id
      left join users u on u.id = s.sent_by
      left join email_outbox o on o.id = s.outbox_id
     where true
       ${input.texterId === undefined ? sql`` : sql`and s.texter_id = ${input.texterId}`}
       ${input.before === undefined ? sql`` : sql`and s.id < ${input.before}`}
     order by s.id desc
     limit ${Math.min(limit, FEEDBACK_LIMITS.logPageMax) + 1}`.execute(db);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null };
}
