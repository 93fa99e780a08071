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

/** A texter's address as feedback e-mails use it: an admin's correction wins over the import's. */
export interface TexterEmail {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  imported_email: string | null;
  email_override: string | null;
}

/**
 * An admin sets (or, with null, withdraws) the correction of a texter's e-mail address. It is kept
 * apart from the imported `email`, which every Spoke import may rewrite, so a re-import never undoes
 * it. Null when there is no such texter.
 */
export async function setTexterEmail(
  db: Kysely<Database>,
  input: { texterId: number; email: string | null; by: number; at: Date },
): Promise<TexterEmail | null> {
  const row = await db
    .updateTable('texters')
    .set({
      email_override: input.email,
      email_override_at: input.email === null ? null : input.at,
      email_override_by: input.email === null ? null : input.by,
    })
    .where('id', '=', input.texterId)
    .returning(['id', 'first_name', 'last_name', 'email as imported_email', 'email_override'])
    .executeTakeFirst();
  return row ? { ...row, email: row.email_override ?? row.imported_email } : null;
}
