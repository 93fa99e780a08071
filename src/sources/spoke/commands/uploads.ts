import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { IMPORT_LIMITS } from '../../../../common/limits.js';
import { DEFAULT_COUNTRY, DEFAULT_SOURCE } from '../../../conversations/index.js';
import type { Db } from '../../../db/index.js';
import { Conflict, Invalid, NotFound, TooLarge } from '../../../errors.js';
import { createImportRecord, findImport, type ImportRecord } from '../queries.js';

const CHUNK_BYTES = 1024 * 1024;

/** A new CSV import waiting for its files (`pending`). */
export async function createUpload(
  db: Db,
  input: { source?: string; country?: string; startedBy: number },
): Promise<ImportRecord> {
  const id = await createImportRecord(db, {
    kind: 'spoke_csv',
    status: 'pending',
    sourceId: null,
    startedBy: input.startedBy,
    options: {
      source: input.source ?? DEFAULT_SOURCE,
      country: (input.country ?? DEFAULT_COUNTRY).toUpperCase(),
    },
  });
  return (await findImport(db, id))!;
}

async function pendingImport(db: Db, id: number): Promise<ImportRecord> {
  const record = await findImport(db, id);
  if (record?.kind !== 'spoke_csv') throw new NotFound('Import');
  if (record.status !== 'pending')
    throw new Conflict(
      `Import ${id} is ${record.status}: its files can no longer change.`,
      'import_not_pending',
    );
  return record;
}

/** The refusal of a file over `maxBytes` (413), whether found by its declared size or while read. */
export function fileTooLarge(name: string, maxBytes: number): TooLarge {
  const mib = Math.round(maxBytes / 2 ** 20);
  return new TooLarge(`${name} is larger than ${mib} MiB.`, 'file_too_large', { file: name, max_mib: mib });
}

/**
 * Stores one uploaded file of a pending import (replacing one of the same name), streamed into
 * 1 MiB chunks in PostgreSQL so that any worker can read it. Larger than the limit: refused whole.
 */
export async function putUploadFile(
  db: Db,
  input: { importId: number; name: string; body: Readable; maxBytes?: number },
): Promise<ImportRecord> {
  const record = await pendingImport(db, input.importId);
  const maxBytes = input.maxBytes ?? IMPORT_LIMITS.fileMaxBytes;
  if (!record.uploads.some((u) => u.name === input.name) && record.uploads.length >= IMPORT_LIMITS.filesMax) {
    throw new Invalid(
      `An import takes at most ${IMPORT_LIMITS.filesMax} files.`,
      { max: IMPORT_LIMITS.filesMax },
      'too_many_files',
    );
  }
  await db.transaction().execute(async (trx) => {
    // Held until the file is stored: the upload purge cannot expire the import meanwhile.
    const locked = await trx
      .selectFrom('imports')
      .select('status')
      .where('id', '=', input.importId)
      .forUpdate()
      .executeTakeFirst();
    if (locked?.status !== 'pending')
      throw new Conflict(
        `Import ${input.importId} is ${locked?.status ?? 'gone'}: its files can no longer change.`,
        'import_not_pending',
      );
    await trx
      .deleteFrom('import_files')
      .where('import_id', '=', input.importId)
      .where('name', '=', input.name)
      .execute();
    const file = await trx
      .insertInto('import_files')
      .values({ import_id: input.importId, name: input.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    let seq = 0;
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await trx.insertInto('import_file_chunks').values({ file_id: file.id, seq: seq++, data }).execute();
    };
    for await (const chunk of input.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      bytes += buffer.length;
      if (bytes > maxBytes) {
        input.body.destroy();
        throw fileTooLarge(input.name, maxBytes);
      }
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (bytes === 0) throw new Invalid(`${input.name} is empty.`, { file: input.name }, 'empty_file');
    await trx.updateTable('import_files').set({ bytes }).where('id', '=', file.id).execute();
  });
  return (await findImport(db, input.importId))!;
}

export async function removeUploadFile(db: Db, importId: number, name: string): Promise<ImportRecord> {
  const record = await pendingImport(db, importId);
  if (!record.uploads.some((u) => u.name === name)) throw new NotFound(`File ${name}`);
  await db.deleteFrom('import_files').where('import_id', '=', importId).where('name', '=', name).execute();
  return (await findImport(db, importId))!;
}

/** Hands a pending import with its files to the job queue (`spoke_csv_import`). */
export async function queueImport(db: Db, importId: number): Promise<ImportRecord> {
  const record = await pendingImport(db, importId);
  if (record.uploads.length === 0)
    throw new Invalid('Upload at least one file first.', undefined, 'no_files');
  await db.transaction().execute(async (trx) => {
    const queued = await trx
      .updateTable('imports')
      .set({ status: 'queued' })
      .where('id', '=', importId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(queued.numUpdatedRows) !== 1)
      throw new Conflict(`Import ${importId} was already started.`, 'import_not_pending');
    await sql`select graphile_worker.add_job('spoke_csv_import', json_build_object('import_id', ${importId}::bigint),
                job_key := ${`spoke_csv_import:${importId}`}, max_attempts := 3)`.execute(trx);
  });
  return (await findImport(db, importId))!;
}
