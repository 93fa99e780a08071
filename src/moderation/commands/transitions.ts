import { type Selectable, sql, type Transaction } from 'kysely';
import type { FlagAction } from '../../../common/api/moderation.js';
import type { Database, Db } from '../../db/index.js';
import type { ModerationItems } from '../../db/types.js';
import { Conflict, NotFound } from '../../errors.js';

type ItemRow = Selectable<ModerationItems>;
type Trx = Transaction<Database>;

/** What a moderator does to an item; `version` is the one they saw (optional for claims). */
export interface Transition {
  itemId: number;
  actorId: number;
  version?: number | undefined;
  note?: string | undefined;
  now: Date;
}

const RESOLVED = { agree: 'agreed', disagree: 'disagreed', defer: 'deferred' } as const;

/** The item's conflict codes; the routes answer them with the item's current state. */
export const STATE_CONFLICTS = ['stale_item', 'item_claimed', 'item_not_pending', 'item_pending'] as const;

/**
 * Locks the item and checks what every transition checks: the version the caller saw, and an
 * expired claim, which is released (and recorded) first, so an idle moderator never blocks others.
 */
async function lockItem(trx: Trx, input: Transition): Promise<ItemRow> {
  const item = await trx
    .selectFrom('moderation_items')
    .selectAll()
    .where('id', '=', input.itemId)
    .forUpdate()
    .executeTakeFirst();
  if (!item) throw new NotFound('Moderation item');
  if (input.version !== undefined && input.version !== item.version) {
    throw new Conflict('Someone changed this item since you loaded it.', 'stale_item');
  }
  if (item.claimed_by !== null && item.claim_expires_at !== null && item.claim_expires_at <= input.now) {
    await trx
      .insertInto('moderation_history')
      .values({
        item_id: item.id,
        action: 'unclaimed',
        user_id: null,
        note: 'claim expired',
        at: item.claim_expires_at,
      })
      .execute();
    return { ...item, claimed_by: null, claimed_at: null, claim_expires_at: null };
  }
  return item;
}

function refuseOthersClaim(item: ItemRow, actorId: number): void {
  if (item.claimed_by !== null && item.claimed_by !== actorId) {
    throw new Conflict('Another moderator has claimed this item.', 'item_claimed');
  }
}

function refuseResolved(item: ItemRow): void {
  if (item.status !== 'pending') throw new Conflict('This item is already resolved.', 'item_not_pending');
}

async function record(trx: Trx, item: ItemRow, input: Transition, action: string, note?: string | null) {
  await trx
    .insertInto('moderation_history')
    .values({ item_id: item.id, action, user_id: input.actorId, note: note ?? null, at: input.now })
    .execute();
}

export function claimItem(db: Db, input: Transition & { claimMinutes: number }): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, input);
    refuseResolved(item);
    refuseOthersClaim(item, input.actorId);
    const expires = new Date(input.now.getTime() + input.claimMinutes * 60_000);
    await trx
      .updateTable('moderation_items')
      .set({
        claimed_by: input.actorId,
        claimed_at: input.now,
        claim_expires_at: expires,
        updated_at: input.now,
      })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', item.id)
      .execute();
    if (item.claimed_by !== input.actorId) await record(trx, item, input, 'claimed');
  });
}

/** Releases the actor's claim (an admin may release anyone's). */
export function unclaimItem(db: Db, input: Transition & { isAdmin: boolean }): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, input);
    if (!input.isAdmin) refuseOthersClaim(item, input.actorId);
    await releaseClaim(trx, item, input);
  });
}

async function releaseClaim(trx: Trx, item: ItemRow, input: Transition) {
  await trx
    .updateTable('moderation_items')
    .set({ claimed_by: null, claimed_at: null, claim_expires_at: null, updated_at: input.now })
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', item.id)
    .execute();
  if (item.claimed_by !== null) await record(trx, item, input, 'unclaimed');
}

/** Agree, disagree or defer: the item and its pending flags get the resolution. */
export function resolveItem(db: Db, input: Transition & { action: FlagAction }): Promise<void> {
  const status = RESOLVED[input.action];
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, input);
    refuseResolved(item);
    refuseOthersClaim(item, input.actorId);
    const at = sql.ref(`${status}_at`);
    const by = sql.ref(`${status}_by`);
    await sql`
      update moderation_items
         set status = ${status}, ${at} = ${input.now}, ${by} = ${input.actorId}, resolution_note = ${input.note ?? null},
             claimed_by = null, claimed_at = null, claim_expires_at = null, updated_at = ${input.now},
             version = version + 1
       where id = ${item.id}`.execute(trx);
    await sql`
      update flags set ${at} = ${input.now}, ${by} = ${input.actorId}, updated_at = ${input.now}
       where item_id = ${item.id} and agreed_at is null and disagreed_at is null and deferred_at is null`.execute(
      trx,
    );
    await record(trx, item, input, status, input.note);
  });
}

/**
 * Back to pending: the item's resolution is cleared, and so is that of the flags it resolved
 * (unless the same flagger has raised the same flag again since). The history keeps both steps.
 */
export function reopenItem(db: Db, input: Transition): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, input);
    if (item.status === 'pending') throw new Conflict('This item is not resolved.', 'item_pending');
    const status = item.status as 'agreed' | 'disagreed' | 'deferred';
    const at = sql.ref(`${status}_at`);
    const by = sql.ref(`${status}_by`);
    const resolvedAt = item[`${status}_at`];
    await sql`
      update flags f set ${at} = null, ${by} = null, updated_at = ${input.now}
       where f.item_id = ${item.id} and ${sql.ref(`f.${status}_at`)} = ${resolvedAt}
         and not exists (
           select from flags o
            where o.message_id = f.message_id and o.flag_type_id = f.flag_type_id and o.id <> f.id
              and o.agreed_at is null and o.disagreed_at is null and o.deferred_at is null
              and (o.flagger_user_id = f.flagger_user_id or o.flagger_rule_id = f.flagger_rule_id))`.execute(
      trx,
    );
    await sql`
      update moderation_items i
         set status = 'pending', ${at} = null, ${by} = null, resolution_note = null, pending_since = ${input.now},
             severity = coalesce((select max(t.severity) from flags f join flag_types t on t.id = f.flag_type_id
                                   where f.item_id = i.id and f.agreed_at is null and f.disagreed_at is null
                                     and f.deferred_at is null), i.severity),
             updated_at = ${input.now}, version = version + 1
       where id = ${item.id}`.execute(trx);
    await record(trx, item, input, 'reopened', input.note);
  });
}
