import { sql, type Transaction } from 'kysely';
import { deleteConversationsOlderThan, lockAllSources } from '../../conversations/index.js';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/rows.js';
import { withCampaignsLocked } from './campaign-locks.js';

/**
 * Batches not finished within their time return their unaudited conversations to the pool
 * (docs/audit.md: 24 h by default, `assignment_ttl_minutes`). Calibration items go back too.
 */
export async function expireBatches(db: Db, now: Date, limit = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const batches = await sql<{ id: number }>`
      select id from audit_batches
       where finished_at is null and expired_at is null and expires_at <= ${now}
       order by expires_at limit ${limit}
         for update skip locked`.execute(trx);
    const ids = batches.rows.map((b) => b.id);
    if (ids.length === 0) return 0;
    const campaigns = await sql<{ campaign_id: number }>`
      select distinct campaign_id from audit_pool where batch_id = any(${ids}::bigint[]) and audited_at is null`.execute(
      trx,
    );
    await withCampaignsLocked(
      trx,
      campaigns.rows.map((r) => r.campaign_id),
      async () => {
        await sql`
          update audit_pool set assigned_to = null, assigned_at = null, batch_id = null
           where batch_id = any(${ids}::bigint[]) and audited_at is null`.execute(trx);
      },
    );
    // A calibration item the second auditor did not score is offered to someone else.
    await sql`
      update audit_pool p set calibration_to = null, calibration_batch_id = null
       where p.calibration_batch_id = any(${ids}::bigint[])
         and not exists (select 1 from audits a where a.conversation_id = p.conversation_id and a.auditor_id = p.calibration_to)`.execute(
      trx,
    );
    await sql`update audit_batches set expired_at = ${now} where id = any(${ids}::bigint[])`.execute(trx);
    return ids.length;
  });
}

/** What one retention pass did (docs/audit.md#retention). */
export interface TrimResult {
  removedFromPool: number;
  deletedConversations: number;
  /** Contacts left without conversations, and opt-outs left without contacts, erased with them. */
  deletedContacts: number;
  deletedOptOuts: number;
  /** What is older than this was erased (`data_retention_days`); null when no data retention is set. */
  dataCutoff: Date | null;
}

/**
 * Retention (docs/audit.md): free conversations older than `pool_retention_days` leave the pool;
 * with `data_retention_days`, free ones older than that leave it too, and conversation data
 * nobody audited or holds in a batch is deleted (with contacts and opt-outs left over).
 */
export async function trimPool(db: Db, now: Date): Promise<TrimResult> {
  return db.transaction().execute(async (trx) => {
    const settings = await trx.selectFrom('audit_settings').selectAll().executeTakeFirstOrThrow();
    const daysAgo = (days: number | null) =>
      days === null ? null : new Date(now.getTime() - days * 86_400_000);
    const dataCutoff = daysAgo(settings.data_retention_days);
    // Imports first: waiting for one while holding the campaigns' rows would stall their batches.
    if (dataCutoff) await lockAllSources(trx);
    const poolCutoff = latest(daysAgo(settings.pool_retention_days), dataCutoff);
    const removedFromPool = poolCutoff ? await removeFreeOlderThan(trx, poolCutoff) : 0;
    const result = {
      removedFromPool,
      deletedConversations: 0,
      deletedContacts: 0,
      deletedOptOuts: 0,
      dataCutoff,
    };
    if (dataCutoff === null) return result;
    const deleted = await deleteConversationsOlderThan(trx, dataCutoff, {
      keptBy: [
        (id) => sql`exists (select 1 from audits a where a.conversation_id = ${id})`,
        (id) => sql`exists (select 1 from audit_pool p where p.conversation_id = ${id})`,
      ],
    });
    return {
      ...result,
      deletedConversations: deleted.conversations,
      deletedContacts: deleted.contacts,
      deletedOptOuts: deleted.optOuts,
    };
  });
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** Free pool rows whose last message is older than `cutoff` leave the pool; answers how many. */
async function removeFreeOlderThan(trx: Transaction<Database>, cutoff: Date): Promise<number> {
  const campaigns = await sql<{ campaign_id: number }>`
    select distinct campaign_id from audit_pool
     where assigned_to is null and audited_at is null and last_message_at < ${cutoff}`.execute(trx);
  return withCampaignsLocked(
    trx,
    campaigns.rows.map((r) => r.campaign_id),
    async () => {
      const removed = await sql`
        delete from audit_pool
         where assigned_to is null and audited_at is null and last_message_at < ${cutoff}`.execute(trx);
      return Number(removed.numAffectedRows ?? 0);
    },
  );
}
