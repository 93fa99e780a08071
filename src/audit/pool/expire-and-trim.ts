import { sql } from 'kysely';
import { deleteConversationsOlderThan } from '../../conversations/index.js';
import type { Db } from '../../db/index.js';
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

/**
 * Retention (docs/audit.md): free conversations older than `pool_retention_days` leave the pool, and
 * conversation data nobody audited is deleted after `data_retention_days`.
 */
export async function trimPool(
  db: Db,
  now: Date,
): Promise<{ removedFromPool: number; deletedConversations: number }> {
  return db.transaction().execute(async (trx) => {
    const settings = await trx.selectFrom('audit_settings').selectAll().executeTakeFirstOrThrow();
    let removedFromPool = 0;
    if (settings.pool_retention_days !== null) {
      const cutoff = new Date(now.getTime() - settings.pool_retention_days * 86_400_000);
      const campaigns = await sql<{ campaign_id: number }>`
        select distinct campaign_id from audit_pool
         where assigned_to is null and audited_at is null and last_message_at < ${cutoff}`.execute(trx);
      await withCampaignsLocked(
        trx,
        campaigns.rows.map((r) => r.campaign_id),
        async () => {
          const removed = await sql`
            delete from audit_pool
             where assigned_to is null and audited_at is null and last_message_at < ${cutoff}`.execute(trx);
          removedFromPool = Number(removed.numAffectedRows ?? 0);
        },
      );
    }
    let deletedConversations = 0;
    if (settings.data_retention_days !== null) {
      const cutoff = new Date(now.getTime() - settings.data_retention_days * 86_400_000);
      deletedConversations = await deleteConversationsOlderThan(trx, cutoff, {
        keptBy: [
          (id) => sql`exists (select 1 from audits a where a.conversation_id = ${id})`,
          (id) => sql`exists (select 1 from audit_pool p where p.conversation_id = ${id})`,
        ],
      });
    }
    return { removedFromPool, deletedConversations };
  });
}
