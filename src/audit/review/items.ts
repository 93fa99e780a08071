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
