import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/rows.js';

/**
 * Locks the counts rows of `campaignIds` (creating missing ones) in campaign id order — the order
 * every multi-campaign writer uses, so writers never deadlock each other — then lets `work`
 * change those campaigns' pool rows, then recounts them exactly from the pool. Both steps are
 * routines (pool-upkeep.sql beside this file), shared with the pool's triggers.
 */
export async function withCampaignsLocked<T>(
  trx: Transaction<Database>,
  campaignIds: readonly number[],
  work: () => Promise<T>,
): Promise<T> {
  const ids = [...new Set(campaignIds)].sort((a, b) => a - b);
  if (ids.length === 0) return work();
  await sql`select audit_lock_campaigns(${ids}::int[])`.execute(trx);
  const result = await work();
  await sql`select audit_recount_campaigns(${ids}::int[])`.execute(trx);
  return result;
}
