import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/rows.js';

/**
 * Records that the texter of a conversation was audited at `at`: their `texter_audit_date` moves
 * forward, never back (the batch rule gives ties to texters audited least recently). Nothing
 * happens when the conversation has no texter.
 */
export async function markTexterAudited(
  db: Kysely<Database>,
  input: { conversationId: number; at: Date },
): Promise<void> {
  // greatest() ignores a null, so a first audit sets the date too.
  await sql`
    update texters t set texter_audit_date = greatest(t.texter_audit_date, ${input.at}::timestamptz)
      from conversations c
     where c.id = ${input.conversationId} and t.id = c.texter_id`.execute(db);
}
