import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/rows.js';

export interface RetentionOptions {
  /**
   * What keeps a conversation that another domain still needs: each an `exists (…)` over the
   * conversation's id (e.g. "someone audited it"), one per condition so that each becomes an
   * anti-join.
   */
  keptBy?: readonly ((conversationId: Expression<number>) => RawBuilder<boolean>)[];
}

/**
 * Deletes the conversations whose last message (or, without messages, whose import) is older
 * than `cutoff`, with their messages, tags and survey answers; returns how many conversations
 * went. Messages, tags and answers have no foreign key to cascade from (see the conversation store
 * migration), so they go in the same statement as their conversations.
 */
export async function deleteConversationsOlderThan(
  db: Kysely<Database>,
  cutoff: Date,
  options: RetentionOptions = {},
): Promise<number> {
  const kept = (options.keptBy ?? []).map((keeps) => sql`and not ${keeps(sql.ref('c.id'))}`);
  const { rows } = await sql<{ n: number }>`
    with gone as (
      delete from conversations c
       where coalesce(c.last_message_at, c.imported_at) < ${cutoff}
         ${kept.length > 0 ? sql.join(kept, sql` `) : sql``}
      returning c.id
    ), messages_gone as (
      delete from messages m using gone where m.conversation_id = gone.id
    ), tags_gone as (
      delete from conversation_tags t using gone where t.conversation_id = gone.id
    ), answers_gone as (
      delete from survey_responses r using gone where r.conversation_id = gone.id
    )
    select count(*)::int as n from gone`.execute(db);
  return rows[0]?.n ?? 0;
}
