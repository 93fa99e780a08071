import { sql } from 'kysely';
import type { Db } from '../../../db/index.js';
import { deleteUploadsEndedBefore } from '../queries.js';

/** The message a failed import keeps once its details were erased. */
export const ERASED_FAILURE_MESSAGE = 'failed; its details were erased after the data-retention period';

/**
 * Data retention for import records (run with the store's, `data_retention_days`): an import that
 * ended before `cutoff` loses its listed bad rows (their values and raw lines hold contacts'
 * phone numbers and names) and, when it failed, its message (which quotes the first bad row or a
 * database error); its status, times, counts, error total and file names stay. Any uploaded bytes
 * still held go too. Returns how many imports were erased.
 */
export async function eraseImportDetailsOlderThan(db: Db, cutoff: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const erased = await sql<{ id: number }>`
      update imports i
         set errors = '[]',
             message = case when i.status = 'failed' then ${ERASED_FAILURE_MESSAGE} else i.message end
       where i.status in ('succeeded', 'failed')
         and coalesce(i.finished_at, i.started_at) < ${cutoff}
         and (i.errors <> '[]'::jsonb or (i.status = 'failed' and i.message is distinct from ${ERASED_FAILURE_MESSAGE}))
      returning i.id`.execute(trx);
    await deleteUploadsEndedBefore(trx, cutoff);
    return erased.rows.length;
  });
}
