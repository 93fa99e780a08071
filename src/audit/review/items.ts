import { sql } from 'kysely';
import type { Db } from '../../db/index.js';

/** Every item key of every rubric version, labelled by the newest version that has it; current items first. */
export async function listReviewItems(db: Db): Promise<{ key: string; label: string }[]> {
  const { rows } = await sql<{ key: string; label: string }>`
    select key, label from (
      select distinct on (i->>'key') i->>'key' as key, i->>'label' as label, r.version, e.ord
        from audit_rubrics r cross join lateral jsonb_array_elements(r.items) with ordinality as e(i, ord)
       order by i->>'key', r.version desc
    ) k
     order by version desc, ord`.execute(db);
  return rows;
}

/** Campaigns and auditors that have audits (one index probe each), by name. */
export async function listReviewChoices(db: Db) {
  const [campaigns, auditors] = await Promise.all([
    sql<{ id: number; title: string }>`
      select c.id, c.title from campaigns c
       where exists (select 1 from audits a where a.campaign_id = c.id)
       order by c.title, c.id`.execute(db),
    sql<{ id: number; name: string }>`
      select u.id, u.name from users u
       where exists (select 1 from audits a where a.auditor_id = u.id)
       order by u.name, u.id`.execute(db),
  ]);
  return { campaigns: campaigns.rows, auditors: auditors.rows };
}
