import { sql } from 'kysely';
import type { ImportKind, ImportStatus, ImportWarning } from '../../../common/api/imports.js';
import type { Db } from '../../db/index.js';
import type { RowError } from './csv/errors.js';
import type { Progress, ProgressListener } from './progress.js';

/** An `imports` row with its source name and uploaded files. */
export interface ImportRecord {
  id: number;
  kind: ImportKind;
  source: string | null;
  status: ImportStatus;
  started_by: number | null;
  started_at: Date;
  finished_at: Date | null;
  files: ImportFileEntry[];
  progress: Partial<Progress>;
  counts: Record<string, number>;
  errors: RowError[];
  error_count: number;
  /** Rows with at least one of the `error_count` problems. */
  error_rows: number;
  message: string | null;
  options: Record<string, unknown>;
  warnings: ImportWarning[];
  uploads: { id: number; name: string; bytes: number }[];
}

/** What the import learnt about each file (layout, rows, pair), kept in `imports.files`. */
export interface ImportFileEntry {
  name: string;
  bytes: number | null;
  layout: string | null;
  role: string | null;
  rows: number | null;
  pairedWith: string | null;
  /** How the file's messages are dated and ordered (csv/import-spoke-csv.ts, CsvFileReport). */
  recency?: 'time_column' | 'file_order' | null;
  timeColumn?: string | null;
}

export async function createImportRecord(
  db: Db,
  fields: {
    kind: ImportKind;
    status: ImportStatus;
    sourceId: number | null;
    startedBy: number | null;
    options: Record<string, unknown>;
    files?: ImportFileEntry[];
  },
): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({
      kind: fields.kind,
      status: fields.status,
      source_id: fields.sourceId,
      started_by: fields.startedBy,
      options: JSON.stringify(fields.options),
      files: JSON.stringify(fields.files ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Db, id: number): Promise<ImportRecord | undefined> {
  return (await listImports(db, { id, limit: 1 }))[0];
}

export async function listImports(db: Db, filter: { id?: number; limit: number }): Promise<ImportRecord[]> {
  const { rows } = await sql<ImportRecord>`
    select i.id, i.kind, s.name as source, i.status, i.started_by, i.started_at, i.finished_at, i.files, i.progress,
           i.counts, i.errors, i.error_count, i.error_rows, i.message, i.options, i.warnings,
           coalesce((select json_agg(json_build_object('id', f.id, 'name', f.name, 'bytes', f.bytes) order by f.id)
                       from import_files f where f.import_id = i.id), '[]') as uploads
      from imports i
      left join sources s on s.id = i.source_id
     where ${filter.id === undefined ? sql`true` : sql`i.id = ${filter.id}`}
     order by i.id desc
     limit ${filter.limit}`.execute(db);
  return rows;
}

/** What `updateImportRecord` may change; fields left out keep their value. */
export interface ImportRecordFields {
  status?: ImportStatus;
  sourceId?: number;
  files?: ImportFileEntry[];
  counts?: Record<string, number>;
  errors?: RowError[];
  errorCount?: number;
  errorRows?: number;
  message?: string | null;
  finishedAt?: Date | null;
  progress?: Partial<Progress>;
  warnings?: ImportWarning[];
}

export async function updateImportRecord(db: Db, id: number, fields: ImportRecordFields): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      ...(fields.status !== undefined && { status: fields.status }),
      ...(fields.sourceId !== undefined && { source_id: fields.sourceId }),
      ...(fields.files !== undefined && { files: JSON.stringify(fields.files) }),
      ...(fields.counts !== undefined && { counts: JSON.stringify(fields.counts) }),
      ...(fields.errors !== undefined && { errors: JSON.stringify(fields.errors) }),
      ...(fields.errorCount !== undefined && { error_count: fields.errorCount }),
      ...(fields.errorRows !== undefined && { error_rows: fields.errorRows }),
      ...(fields.message !== undefined && { message: fields.message }),
      ...(fields.finishedAt !== undefined && { finished_at: fields.finishedAt }),
      ...(fields.progress !== undefined && { progress: JSON.stringify(fields.progress) }),
      ...(fields.warnings !== undefined && { warnings: JSON.stringify(fields.warnings) }),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * A progress listener that stores the latest progress in the `imports` row (outside the import's
 * transaction, so the UI sees it while the import runs), at most every `intervalMs`.
 * `flush()` writes the last one and waits for the writes.
 */
export function storedProgress(
  db: Db,
  id: number,
  intervalMs = 500,
): { listener: ProgressListener; flush(): Promise<void> } {
  let last: Progress | null = null;
  let writtenAt = 0;
  let chain: Promise<void> = Promise.resolve();
  const write = (progress: Progress) => {
    writtenAt = Date.now();
    chain = chain.then(() => updateImportRecord(db, id, { progress }).catch(() => undefined));
  };
  return {
    listener(progress) {
      last = progress;
      if (Date.now() - writtenAt >= intervalMs) write(progress);
    },
    async flush() {
      if (last) write(last);
      await chain;
    },
  };
}

/** Uploaded files of an import, in upload order. */
export async function importUploads(db: Db, importId: number) {
  return db
    .selectFrom('import_files')
    .select(['id', 'name', 'bytes'])
    .where('import_id', '=', importId)
    .orderBy('id')
    .execute();
}

/** Drops the uploaded bytes once an import ran (they hold contacts' personal data). */
export async function deleteUploadedData(db: Db, importId: number): Promise<void> {
  await sql`delete from import_file_chunks c using import_files f
             where f.import_id = ${importId} and c.file_id = f.id`.execute(db);
}

/**
 * Drops the uploaded bytes still held by imports that ended (`failed` or `succeeded`) before
 * `cutoff`, or that are among `alsoIds`; answers how many imports lost bytes.
 */
export async function deleteUploadsEndedBefore(
  db: Db,
  cutoff: Date,
  alsoIds: number[] = [],
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with gone as (
      delete from import_file_chunks c
       using import_files f, imports i
       where c.file_id = f.id and f.import_id = i.id
         and i.status in ('failed', 'succeeded')
         and (coalesce(i.finished_at, i.started_at) < ${cutoff} or i.id = any(${alsoIds}::bigint[]))
      returning f.import_id
    )
    select count(distinct import_id)::int as n from gone`.execute(db);
  return rows[0]?.n ?? 0;
}
