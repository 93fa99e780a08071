import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/rows.js';

/**
 * Locks the counts rows of `campaignIds` (creating missing ones) in campaign id order — the order
 * every multi-campaign writer uses, so writers never deadlock each other — then lets `work`
 * change those campaigns' pool rows, then recounts them exactly from the pool (`fills` by
 * `audit_usual_need`, usual-need.sql beside this file).
 */
export async function withCampaignsLocked<T>(
  trx: Transaction<Database>,
  campaignIds: readonly number[],
  work: () => Promise<T>,
): Promise<T> {
  const ids = [...new Set(campaignIds)].sort((a, b) => a - b);
  if (ids.length === 0) return work();
  await sql`
    insert into audit_campaign_free (campaign_id, free_count)
    select id, 0 from unnest(${ids}::int[]) as id order by id
    on conflict (campaign_id) do nothing`.execute(trx);
  await sql`select campaign_id from audit_campaign_free where campaign_id = any(${ids}::int[]) order by campaign_id for update`.execute(
    trx,
  );
  const result = await work();
  await sql`
    update audit_campaign_free c
       set free_count = coalesce(f.n, 0), newest_free_at = f.newest, fills = coalesce(f.n, 0) >= audit_usual_need()
      from unnest(${ids}::int[]) as ids(id)
      left join lateral (
        select count(*)::int as n, max(p.last_message_at) as newest
          from audit_pool p
         where p.campaign_id = ids.id and p.assigned_to is null and p.audited_at is null
      ) f on true
     where c.campaign_id = ids.id`.execute(trx);
  return result;
}
