import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/rows.js';
import { withCampaignsLocked } from './campaign-locks.js';

/**
 * Which conversations a refresh looks at: `all` compares the whole conversation store with the
 * pool (the scheduled refresh, which also catches up after a rule change); `pending` only those
 * listed in `audit_pool_pending` since the last refresh — what an import added or changed
 * (pool-pending.sql) — so the refresh after an import costs in proportion to the import.
 */
export type RefreshScope = 'all' | 'pending';

/**
 * Brings the pool up to date with the conversation store by the configured rules (docs/audit.md):
 * eligible conversations not yet in the pool enter it, and free ones whose conversation got newer
 * messages move up. Run after every import (`pending`) and on a schedule (`all`); idempotent.
 */
export async function refreshPool(
  db: Db,
  now: Date,
  scope: RefreshScope = 'all',
): Promise<{ added: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    // One refresh at a time: two would compute the same additions.
    await sql`select pg_advisory_xact_lock(hashtext('audit_refresh_pool'))`.execute(trx);
    // The listed conversations are taken now: a full refresh covers them too. What commits
    // after this statement stays listed for the next refresh.
    await sql`create temp table pool_refresh_ids on commit drop as
      with taken as (delete from audit_pool_pending returning conversation_id) select conversation_id as id from taken`.execute(
      trx,
    );
    if (scope === 'pending') await sql`analyze pool_refresh_ids`.execute(trx);
    const inScope = scope === 'all' ? sql`true` : sql`c.id in (select id from pool_refresh_ids)`;
    const affected = await sql<{ campaign_id: number }>`
      select distinct c.campaign_id
        from conversations c
        cross join audit_settings s
        left join audit_pool p on p.conversation_id = c.id
       where ${inScope} and c.last_message_at is not null
         and (p.conversation_id is null
              or (p.assigned_to is null and p.audited_at is null and p.last_message_at <> c.last_message_at))
         and ${eligible(now)}`.execute(trx);
    const ids = affected.rows.map((r) => r.campaign_id);
    return withCampaignsLocked(trx, ids, () => applyChanges(trx, ids, inScope, now));
  });
}

/** Adds the eligible conversations of `campaignIds` in scope, and moves up the free ones that changed. */
async function applyChanges(
  trx: Transaction<Database>,
  campaignIds: number[],
  inScope: RawBuilder<unknown>,
  now: Date,
): Promise<{ added: number; updated: number }> {
  const added = await sql`
    insert into audit_pool (conversation_id, campaign_id, texter_id, last_message_at, added_at)
    select c.id, c.campaign_id, c.texter_id, c.last_message_at, ${now}
      from conversations c
      cross join audit_settings s
     where ${inScope} and c.campaign_id = any(${campaignIds}::int[])
       and c.last_message_at is not null
       and not exists (select 1 from audit_pool p where p.conversation_id = c.id)
       and ${eligible(now)}
    on conflict (conversation_id) do nothing`.execute(trx);
  const updated = await sql`
    update audit_pool p
       set last_message_at = c.last_message_at, texter_id = c.texter_id
      from conversations c
     where ${inScope} and c.id = p.conversation_id and p.campaign_id = any(${campaignIds}::int[])
       and p.assigned_to is null and p.audited_at is null
       and p.last_message_at <> c.last_message_at`.execute(trx);
  return { added: Number(added.numAffectedRows ?? 0), updated: Number(updated.numAffectedRows ?? 0) };
}

/** The pool rules of `audit_settings s` over conversation `c`. */
function eligible(now: Date) {
  return sql`(not s.pool_contact_replied or c.contact_replied)
         and c.message_count >= s.pool_min_messages
         and (s.pool_campaign_ids is null or c.campaign_id = any(s.pool_campaign_ids))
         and (s.pool_since_days is null or c.last_message_at >= ${now}::timestamptz - make_interval(days => s.pool_since_days))
         and (s.pool_retention_days is null
              or c.last_message_at >= ${now}::timestamptz - make_interval(days => s.pool_retention_days))`;
}
