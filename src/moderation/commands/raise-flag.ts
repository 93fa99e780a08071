import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Conflict, NotFound } from '../../errors.js';
import { findEnabledFlagType } from '../flag-types.js';

/** Who raised a flag: a staff member or a rule. */
export type Flagger = { userId: number } | { ruleId: number };

export interface RaiseFlag {
  messageId: number;
  conversationId?: number | undefined;
  type: number | string;
  note?: string | undefined;
  flagger: Flagger;
  now: Date;
}

export interface RaisedFlag {
  flagId: number;
  itemId: number;
}

/**
 * Raises a flag: the message's queue item is created, or reopened when it was resolved. The item
 * row is locked first, so flags on one message are serialised and the duplicate check holds.
 */
export async function raiseFlag(db: Db, input: RaiseFlag): Promise<RaisedFlag> {
  const type = await findEnabledFlagType(db, input.type);
  const message = await findMessage(db, input.messageId, input.conversationId);
  const userId = 'userId' in input.flagger ? input.flagger.userId : null;
  const ruleId = 'ruleId' in input.flagger ? input.flagger.ruleId : null;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('moderation_items')
      .values({
        message_id: message.id,
        conversation_id: message.conversation_id,
        campaign_id: message.campaign_id,
        texter_id: message.from_contact ? null : message.texter_id,
        severity: type.severity,
        pending_since: input.now,
        created_at: input.now,
        updated_at: input.now,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
    const item = await trx
      .selectFrom('moderation_items')
      .select(['id', 'status', 'created_at'])
      .where('message_id', '=', message.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('flags')
      .select('id')
      .where('message_id', '=', message.id)
      .where('flag_type_id', '=', type.id)
      .where(userId === null ? 'flagger_rule_id' : 'flagger_user_id', '=', userId ?? ruleId)
      .where('agreed_at', 'is', null)
      .where('disagreed_at', 'is', null)
      .where('deferred_at', 'is', null)
      .executeTakeFirst();
    if (existing) {
      throw new Conflict(`This message already has your pending "${type.name_key}" flag.`, 'flag_exists', {
        flag_id: existing.id,
        item_id: item.id,
      });
    }
    const flag = await trx
      .insertInto('flags')
      .values({
        item_id: item.id,
        message_id: message.id,
        conversation_id: message.conversation_id,
        flag_type_id: type.id,
        flagger_user_id: userId,
        flagger_rule_id: ruleId,
        note: input.note ?? null,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reopens = item.status !== 'pending';
    await sql`
      update moderation_items
         set severity = case when ${reopens} then ${type.severity}::smallint else greatest(severity, ${type.severity}::smallint) end,
             status = 'pending', agreed_at = null, agreed_by = null, disagreed_at = null, disagreed_by = null,
             deferred_at = null, deferred_by = null, resolution_note = null,
             pending_since = case when ${reopens} then ${input.now}::timestamptz else pending_since end,
             updated_at = ${input.now}, version = version + 1
       where id = ${item.id}`.execute(trx);
    const who = { user_id: userId, rule_id: ruleId, at: input.now, item_id: item.id };
    if (reopens)
      await trx
        .insertInto('moderation_history')
        .values({ ...who, action: 'reopened' })
        .execute();
    await trx
      .insertInto('moderation_history')
      .values({ ...who, action: 'created', flag_id: flag.id, note: input.note ?? null })
      .execute();
    return { flagId: flag.id, itemId: item.id };
  });
}

async function findMessage(db: Db, messageId: number, conversationId: number | undefined) {
  let query = db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.conversation_id', 'm.from_contact', 'c.campaign_id'])
    .select((eb) => eb.fn.coalesce('m.texter_id', 'c.texter_id').as('texter_id'))
    .where('m.id', '=', messageId);
  // The messages' key starts with the conversation: with it the lookup reads one thread.
  if (conversationId !== undefined) query = query.where('m.conversation_id', '=', conversationId);
  const message = await query.executeTakeFirst();
  if (!message) throw new NotFound('Message');
  return message;
}
