import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** A mail holding a one-time link keeps its body at most this long, sent or not (the links last ≤ 72 h). */
export const SECRET_BODY_HOURS = 72;

/**
 * Erases the bodies of secret mails that are done with (sent, failed) or past their links' life,
 * and deletes sent, failed and held mails older than `retentionDays`. Returns what it did.
 */
export async function trimOutbox(
  db: Db,
  now: Date,
  retentionDays: number,
): Promise<{ erased: number; deleted: number }> {
  const secretCutoff = new Date(now.getTime() - SECRET_BODY_HOURS * 3_600_000);
  const erased = await db
    .updateTable('email_outbox')
    .set({ html: '', text: '', erased_at: now })
    .where('secret', '=', true)
    .where('erased_at', 'is', null)
    .where((eb) => eb.or([eb('status', 'in', ['sent', 'failed']), eb('created_at', '<', secretCutoff)]))
    .executeTakeFirst();
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db
    .deleteFrom('email_outbox')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['sent', 'failed']), eb(sql`coalesce(sent_at, failed_at)`, '<', cutoff)]),
        eb.and([eb('status', '=', 'held'), eb('created_at', '<', cutoff)]),
      ]),
    )
    .executeTakeFirst();
  return { erased: Number(erased.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
}
