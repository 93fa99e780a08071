import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/rows.js';
import { lockAllSources } from './sources.js';

export interface RetentionOptions {
  /**
   * What keeps a conversation that another domain still needs: each an `exists (…)` over the
   * conversation's id (e.g. "someone audited it"), one per condition so that each becomes an
   * anti-join.
   */
  keptBy?: readonly ((conversationId: Expression<number>) => RawBuilder<boolean>)[];
}

/** What one retention pass erased from the conversation store. */
export interface RetentionCounts {
  conversations: number;
  /** Contacts (cell, name, zip) no conversation refers to any more. */
  contacts: number;
  /** Opt-outs whose cell no contact of their source has any more, older than the cutoff. */
  optOuts: number;
}

/**
 * The store's retention, in the caller's transaction (docs/conversations.md#retention):
 * conversations whose last message (or, without messages, whose import) is older than `cutoff`
 * go with their messages, tags and survey answers; then every contact left without a
 * conversation; then every opt-out whose cell no contact of its source has any more and that is
 * older than `cutoff` (Spoke's `created_at`, else when Parley stored it). Every source is locked
 * as an import locks it first, so no import can be linking rows to what goes.
 */
export async function deleteConversationsOlderThan(
  db: Kysely<Database>,
  cutoff: Date,
  options: RetentionOptions = {},
): Promise<RetentionCounts> {
  await lockAllSources(db);
  const conversations = await deleteConversations(db, cutoff, options);
  const contacts = await sql`
    delete from contacts p
     where not exists (select 1 from conversations c where c.contact_id = p.id)`.execute(db);
  const optOuts = await sql`
    delete from opt_outs o
     where coalesce(o.created_at, o.stored_at) < ${cutoff}
       and not exists (select 1 from contacts p where p.source_id = o.source_id and p.cell = o.cell)`.execute(
    db,
  );
  return {
    conversations,
    contacts: Number(contacts.numAffectedRows ?? 0),
    optOuts: Number(optOuts.numAffectedRows ?? 0),
  };
}

/**
 * Messages, tags and answers have no foreign key to cascade from (see the conversation store
 * migration), so they go in the same statement as their conversations.
 */
async function deleteConversations(
  db: Kysely<Database>,
  cutoff: Date,
  options: RetentionOptions,
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
