import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/rows.js';
import { withCampaignsLocked } from './campaign-locks.js';

/**
 * Which conversations a refresh looks at: `all` compares the whole conversation store with the
 * pool (the scheduled refresh, which also catches up after a rule change); `pending` only those
 * listed in `audit_pool_pending` since the last refresh — what an import changed (pool-upkeep.sql;
 * the new conversations an import adds enter the pool as they are inserted) — so the refresh
 * after an import costs in proportion to what the import changed.
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
    // One refresh at a time: two would compute the same additions. Deleting conversations waits
    // for it too (pool-upkeep.sql), so no row is added for a conversation deleted meanwhile.
    await sql`select pg_advisory_xact_lock(hashtext('audit_refresh_pool'))`.execute(trx);
    await sql`create temp table pool_changes on commit drop as ${changes(scope, now)}`.execute(trx);
    const campaigns = await sql<{ campaign_id: number; pooled: boolean }>`
      select campaign_id, bool_or(pooled) as pooled from pool_changes group by campaign_id`.execute(trx);
    const ids = campaigns.rows.map((r) => r.campaign_id);
    const anyPooled = campaigns.rows.some((r) => r.pooled);
    return withCampaignsLocked(trx, ids, () => applyChanges(trx, anyPooled, now));
  });
}

/**
 * The conversations in scope whose pool row is missing or out of date: an eligible one not in
 * the pool (`pooled` false), or a free one whose conversation changed since. The listed ones are
 * taken off the list here: a full refresh covers them too, and what commits after this statement
 * stays listed for the next refresh.
 */
function changes(scope: RefreshScope, now: Date): RawBuilder<unknown> {
  const taken = sql`with taken as (delete from audit_pool_pending returning conversation_id)`;
  const select = (from: RawBuilder<unknown>) => sql`
    select c.id, c.campaign_id, c.texter_id, c.last_message_at, p.conversation_id is not null as pooled
      from ${from}
      cross join audit_settings s
      left join audit_pool p on p.conversation_id = c.id
     where c.last_message_at is not null
       and (p.conversation_id is null
            or (p.assigned_to is null and p.audited_at is null and p.last_message_at <> c.last_message_at))
       and audit_pool_eligible(s, c.contact_replied, c.message_count, c.campaign_id, c.last_message_at, ${now})`;
  if (scope === 'pending') {
    return sql`${taken} ${select(sql`taken join conversations c on c.id = taken.conversation_id`)}`;
  }
  // The delete runs whether or not the query reads it.
  return sql`${taken} ${select(sql`conversations c`)}`;
}

/** Adds what is missing and moves up the free rows that changed. */
async function applyChanges(
  trx: Transaction<Database>,
  anyPooled: boolean,
  now: Date,
): Promise<{ added: number; updated: number }> {
  // Under the refresh's lock no one else adds pool rows for stored conversations (an import's
  // trigger adds only its own new ones): a plain insert, not a speculative one per row.
  const added = await sql`
    insert into audit_pool (conversation_id, campaign_id, texter_id, last_message_at, added_at)
    select id, campaign_id, texter_id, last_message_at, ${now} from pool_changes where not pooled`.execute(
    trx,
  );
  if (!anyPooled) return { added: Number(added.numAffectedRows ?? 0), updated: 0 };
  const updated = await sql`
    update audit_pool p
       set last_message_at = ch.last_message_at, texter_id = ch.texter_id
      from pool_changes ch
     where ch.pooled and p.conversation_id = ch.id and p.assigned_to is null and p.audited_at is null`.execute(
    trx,
  );
  return { added: Number(added.numAffectedRows ?? 0), updated: Number(updated.numAffectedRows ?? 0) };
}
