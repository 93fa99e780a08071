import { sql } from 'kysely';
import type { Db } from '../../../db/index.js';
import { deleteUploadsEndedBefore } from '../queries.js';

export interface PurgedUploads {
  /** Imports that waited longer than allowed and are now `failed` (pending, or queued with no job left). */
  expired: number;
  /** Imports whose uploaded bytes were deleted. */
  purged: number;
}

/**
 * The `uploads_purge` job (hourly): uploaded files hold contacts' personal data, so none outlives
 * `olderThanHours` unrun. A `pending` import untouched that long (no file uploaded since), and a
 * `queued` or `running` one whose job is gone or gave up, become `failed` with a message saying
 * why; then every ended (`failed` or `succeeded`) import that ended that long ago loses the bytes it
 * still holds. The import records and their file names stay.
 */
export async function purgeStaleUploads(
  db: Db,
  input: { now: Date; olderThanHours: number },
): Promise<PurgedUploads> {
  const cutoff = new Date(input.now.getTime() - input.olderThanHours * 3_600_000);
  return db.transaction().execute(async (trx) => {
    const expired = await sql<{ id: number }>`
      update imports i
         set status = 'failed', finished_at = ${input.now}, progress = '{}',
             message = case i.status
               when 'pending' then ${`not run within ${input.olderThanHours} hours of its last upload: its files were deleted`}
               else ${'its job ended without finishing it: its files were deleted'} end
       where i.kind = 'spoke_csv'
         and (
           (i.status = 'pending'
             and greatest(i.started_at, (select max(f.uploaded_at) from import_files f where f.import_id = i.id))
                 < ${cutoff})
           or (i.status in ('queued', 'running') and i.started_at < ${cutoff}
               and not exists (
                 select 1 from graphile_worker.jobs j
                  where j.key = 'spoke_csv_import:' || i.id
                    and (j.attempts < j.max_attempts or j.locked_at is not null))))
      returning i.id`.execute(trx);
    const expiredIds = expired.rows.map((r) => Number(r.id));
    // What expired just now ended now: its bytes go at once, not a period later.
    const purged = await deleteUploadsEndedBefore(trx, cutoff, expiredIds);
    return { expired: expiredIds.length, purged };
  });
}
