import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/rows.js';

/**
 * Recomputes the denormalised columns of the conversations listed in `imp_touched` (those an
 * import inserted or changed, or whose messages or opt-outs it changed):
 * - `message_count`, `contact_replied`, `first_message_at`, `last_message_at` from the messages;
 * - `opted_out` = Spoke's flag OR an opt-out row for the contact's cell in the campaign's
 *   organization (docs/conversations.md);
 * - `texter_id`, when the source named no assignee, from the sender of the latest outbound message.
 * Rows already right are not rewritten. Returns how many changed.
 */
export async function refreshConversations(db: Kysely<Database>): Promise<number> {
  const result = await sql<{ n: number }>`
    with stats as (
      select t.id,
             coalesce(a.n, 0) as message_count,
             coalesce(a.replied, false) as contact_replied,
             a.first_at, a.last_at, a.last_sender,
             c.is_opted_out or exists (
               select 1 from opt_outs o
                 join contacts p on p.id = c.contact_id
                 join campaigns k on k.id = c.campaign_id
                where o.source_id = c.source_id and o.organization_key = coalesce(k.organization_key, '')
                  and o.cell = p.cell
             ) as opted_out
        from imp_touched t
        join conversations c on c.id = t.id
        left join lateral (
          select count(*)::integer as n, bool_or(m.from_contact) as replied,
                 min(m.sent_at) as first_at, max(m.sent_at) as last_at,
                 (array_agg(m.texter_id order by m.sent_at desc, m.id desc)
                    filter (where not m.from_contact and m.texter_id is not null))[1] as last_sender
            from messages m where m.conversation_id = t.id
        ) a on true
    ),
    up as (
      update conversations c set
        message_count = s.message_count,
        contact_replied = s.contact_replied,
        first_message_at = s.first_at,
        last_message_at = s.last_at,
        opted_out = s.opted_out,
        texter_id = coalesce(c.texter_id, s.last_sender)
        from stats s
       where c.id = s.id
         and (c.message_count, c.contact_replied, c.first_message_at, c.last_message_at, c.opted_out, c.texter_id)
             is distinct from
             (s.message_count, s.contact_replied, s.first_at, s.last_at, s.opted_out, coalesce(c.texter_id, s.last_sender))
      returning 1
    )
    select count(*)::int as n from up`.execute(db);
  return result.rows[0]?.n ?? 0;
}
