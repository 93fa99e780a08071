import { sql } from 'kysely';
import type { Db } from '../../../db/index.js';
import type { StatusReport } from './payload.js';

/**
 * Status callbacks recorded on the outbox row that has that remote id, in this channel's
 * conversations: a status only moves forward (sent → delivered → read; they may arrive out of
 * order); `failed` (e.g. the person's number cannot get messages) also marks the row failed,
 * so it is listed on the bot's Delivery failures, where it can be retried.
 */
const RANK: readonly string[] = ['sent', 'delivered', 'read', 'failed'];

export async function recordStatuses(
  db: Db,
  channelId: number,
  reports: readonly StatusReport[],
  now: Date,
): Promise<void> {
  if (reports.length === 0) return;
  // One report per message, the furthest (an update meets each row once).
  const furthest = new Map<string, StatusReport>();
  for (const report of reports) {
    const known = furthest.get(report.remoteId);
    if (!known || RANK.indexOf(report.status) > RANK.indexOf(known.status))
      furthest.set(report.remoteId, report);
  }
  const rows = [...furthest.values()];
  await sql`
    update bot_outbox o
       set remote_status = r.status,
           remote_status_at = coalesce(r.at, ${now}),
           failed_at = case when r.status = 'failed' then ${now}::timestamptz else o.failed_at end,
           last_error = case when r.status = 'failed' then 'WhatsApp: ' || r.error else o.last_error end
      from unnest(${rows.map((r) => r.remoteId)}::text[], ${rows.map((r) => r.status)}::text[],
                  ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.error)}::text[])
           as r(remote_id, status, at, error)
     where o.remote_id = r.remote_id
       and exists (select 1 from bot_conversations c where c.id = o.conversation_id and c.channel_id = ${channelId})
       and array_position(array['sent', 'delivered', 'read', 'failed'], r.status)
           > coalesce(array_position(array['sent', 'delivered', 'read', 'failed'], o.remote_status), 0)`.execute(
    db,
  );
}
