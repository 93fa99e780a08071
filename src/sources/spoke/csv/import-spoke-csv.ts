import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import pg from 'pg';
import { IMPORT_LIMITS } from '../../../../common/limits.js';
import {
  analyzeStaging,
  createStaging,
  DEFAULT_COUNTRY,
  E164_SQL_PATTERN,
  ensureSource,
  lockSource,
  type MergeCounts,
  mergeMessages,
  mergeStaged,
  PhaseClock,
  phoneNormaliser,
  refreshConversations,
  type Session,
  toE164,
  withSession,
} from '../../../conversations/index.js';
import { noProgress, type ProgressListener } from '../progress.js';
import { ErrorList, ImportRejected, type RowError } from './errors.js';
import { FileFields } from './fields.js';
import { detectLayout, type FileRole, type Layout, type LayoutName, pairName } from './layouts.js';
import {
  stageCampaigns,
  stageContactRows,
  stageConvoConversations,
  stageMessages,
  stageSurvey,
  stageTags,
  stageTexters,
} from './produce.js';
import { copyRaw, linesOf, type RawTable, readHeader } from './raw.js';
import { NotStreamable } from './records.js';
import type { CsvSource } from './sources.js';
import { importStreamed, type StreamFile, streamable } from './streamed.js';
import { validateFile } from './validate.js';

export interface SpokeCsvImportOptions {
  /** Parley's pool; the whole import is one transaction on one of its connections. */
  pool: pg.Pool;
  files: CsvSource[];
  source: string;
  country?: CountryCode;
  onProgress?: ProgressListener;
  now?: () => Date;
  /** false: skip the streamed path (tests compare the two paths). */
  stream?: boolean;
}

export interface CsvFileReport {
  name: string;
  layout: LayoutName | null;
  role: FileRole | null;
  rows: number;
  /** The other file of a contacts + messages pair, when there is one. */
  pairedWith: string | null;
  /**
   * How its messages are dated and ordered (files with messages only): by a time column, or, when
   * the file has none, in file order and dated by the import's start.
   */
  recency?: MessageRecency | null;
  /** The time column, when `recency` is `time_column`. */
  timeColumn?: string | null;
}

export type MessageRecency = 'time_column' | 'file_order';

export interface SpokeCsvImportResult {
  sourceId: number;
  files: CsvFileReport[];
  counts: MergeCounts;
  refreshed: number;
  /** Milliseconds per step of the import (profiling; the benchmark prints them). */
  timings: Record<string, number>;
  /** Whether the streamed path (streamed.ts) imported the files, rather than the staged one. */
  streamed: boolean;
}

interface StagedFile {
  no: number;
  source: CsvSource;
  layout: Layout;
  raw: RawTable;
  fields: FileFields;
}

/** One CSV import as it goes, passed from step to step. */
interface CsvImport {
  session: Session;
  sourceId: number;
  options: SpokeCsvImportOptions;
  clock: PhaseClock;
  onProgress: ProgressListener;
  errors: ErrorList;
  reports: CsvFileReport[];
  /** The import's start: messages of files without times are dated by it. */
  importStart: Date;
}

/**
 * Imports Spoke CSV files (docs/conversations.md) all-or-nothing: every file is copied raw into
 * PostgreSQL and its values read into staging (when one is bad, every value is checked so that
 * each bad row is listed), and only when no row of any file is bad are the rows merged into the
 * store — in the same transaction, so a bad file changes nothing. Problems are found in one pass:
 * a file or record that cannot be read is reported and the readable rows of every file are still
 * checked, so a rejection lists every problem of every kind (up to MAX_LISTED_ERRORS) at once. Messages link to
 * contacts by key across all files of the import and the store, so pairs need not be matched
 * for linking (pairing is reported). Throws ImportRejected listing the bad rows.
 */
export async function importSpokeCsv(options: SpokeCsvImportOptions): Promise<SpokeCsvImportResult> {
  const clock = new PhaseClock();
  const result = await withSession(
    options.pool,
    async (session): Promise<SpokeCsvImportResult> => {
      const sourceId = await clock.time('start', () => startImport(session.db, options.source));
      const run: CsvImport = {
        session,
        sourceId,
        options,
        clock,
        onProgress: options.onProgress ?? noProgress,
        errors: new ErrorList(),
        reports: options.files.map((f) => ({
          name: f.name,
          layout: null,
          role: null,
          rows: 0,
          pairedWith: null,
          recency: null,
          timeColumn: null,
        })),
        importStart: (options.now ?? (() => new Date()))(),
      };
      const detected = await detectFiles(run);
      // The streamed path first, when it reads these layouts; anything it is not sure of sends the
      // import back to this point, onto the staged path. A file already found wrong goes on to be
      // read and checked all the same (the staged path), so that every problem is listed at once.
      const streamed = run.errors.empty ? await tryStreamed(run, detected) : null;
      if (streamed) return streamed;
      const staged = await copyRawFiles(run, detected);
      await stageValues(run, staged);
      return mergeImport(run, staged);
    },
    'begin',
    clock,
  );
  return { ...result, timings: clock.rounded() };
}

/** The session set up for an import, the source locked and the staging tables made; the source's id. */
async function startImport(db: Session['db'], source: string): Promise<number> {
  // Times without a zone are UTC; JIT compiling these one-pass statements costs more than it saves.
  await sql`set local timezone = 'UTC'`.execute(db);
  await sql`set local jit = off`.execute(db);
  // Sorts and hashes over a few hundred thousand staged rows fit in memory instead of spilling.
  await sql`set local work_mem = '64MB'`.execute(db);
  // The commit need not wait for its WAL to reach the disk: a crash in the next moment loses
  // the whole import (never part of it), which is then run again.
  await sql`set local synchronous_commit = off`.execute(db);
  const id = await ensureSource(db, source);
  await lockSource(db, id);
  await createStaging(db);
  await sql`create temporary table imp_phones (raw text primary key, e164 text) on commit drop`.execute(db);
  return id;
}

/** The error listing every bad row found so far. */
function reject(run: CsvImport): ImportRejected {
  const order = new Map(run.options.files.map((f, i) => [f.name, i]));
  return new ImportRejected(
    run.errors.list((name) => order.get(name) ?? 0),
    run.errors.total,
    run.reports,
    run.errors.rows,
  );
}

/**
 * Step 1: the layout of each file, from its header row; files paired. A file found wrong here is
 * reported and left out; the others are still read, so that their rows are checked too.
 */
async function detectFiles(run: CsvImport): Promise<StreamFile[]> {
  const detected: StreamFile[] = [];
  const seenNames = new Set<string>();
  for (const [i, source] of run.options.files.entries()) {
    if (seenNames.has(source.name)) {
      run.errors.add({
        file: source.name,
        line: null,
        column: null,
        code: 'duplicate_file_name',
        reason: 'the same file name is given twice',
      });
      continue;
    }
    seenNames.add(source.name);
    const file = await detectFile(run, i, source);
    if (file) detected.push(file);
  }
  pair(run.reports);
  missingMessages(run);
  return detected;
}

/** One file's header read and its layout found (reported), or why not (an error). */
async function detectFile(run: CsvImport, i: number, source: CsvSource): Promise<StreamFile | null> {
  const { errors } = run;
  run.onProgress({ phase: `reading ${source.name}`, done: 0, total: null, unit: 'rows' });
  const header = await run.clock
    .time('start', () => readHeader(source))
    .catch((error: Error) => {
      const reason = `unreadable CSV: ${error.message}`;
      const params = { detail: error.message };
      errors.add({ file: source.name, line: 1, column: null, code: 'unreadable_csv', params, reason });
      return undefined;
    });
  if (header === undefined) return null;
  const max = IMPORT_LIMITS.csvColumnsMax;
  if (header !== null && header.length > max) {
    const reason = `the header has ${header.length} columns; PostgreSQL allows 1600 columns in a table, so an import reads at most ${max}`;
    const params = { columns: header.length, max };
    errors.add({ file: source.name, line: 1, column: null, code: 'too_many_columns', params, reason });
    return null;
  }
  const layout = detectLayout(header ?? []);
  if (layout.name === null) {
    const { name: _, ...problem } = layout;
    errors.add({ file: source.name, line: 1, column: null, ...problem });
    return null;
  }
  const report = run.reports[i];
  if (report) Object.assign(report, { layout: layout.name, role: layout.role, ...recencyOf(layout) });
  return { no: i + 1, source, layout, header: header ?? [] };
}

/** How a file's messages are dated and ordered (see CsvFileReport). */
function recencyOf(layout: Layout): Pick<CsvFileReport, 'recency' | 'timeColumn'> {
  if (layout.role === 'contacts') return { recency: null, timeColumn: null };
  const column = layout.fields.sentAt;
  return column
    ? { recency: 'time_column', timeColumn: column }
    : { recency: 'file_order', timeColumn: null };
}

/**
 * A contacts file of Spoke's "Export Data" without its messages file: imported alone, its
 * conversations would have no messages, so the import is refused, naming the file to add.
 */
function missingMessages(run: CsvImport): void {
  for (const report of run.reports) {
    if (report.role !== 'contacts' || report.pairedWith !== null) continue;
    const expected = `${pairName(report.name).base}-messages.csv`;
    run.errors.add({
      file: report.name,
      line: null,
      column: null,
      code: 'missing_messages_file',
      params: { expected },
      reason: `the messages file ${expected} is missing: "Export Data" writes a contacts file and a -messages file, import both together`,
    });
  }
}

/** The streamed import (streamed.ts), when it reads these files; null when it gave up. */
async function tryStreamed(run: CsvImport, detected: StreamFile[]): Promise<SpokeCsvImportResult | null> {
  const { session, options, clock } = run;
  if (options.stream === false || !streamable(detected)) return null;
  await session.client.query('savepoint streamed');
  const start = performance.now();
  try {
    const done = await importStreamed(session, run.sourceId, detected, {
      country: phoneNormaliser(options.country ?? DEFAULT_COUNTRY),
      clock,
      onProgress: run.onProgress,
    });
    await session.client.query('release savepoint streamed');
    for (const [no, rows] of done.rows) {
      const report = run.reports[no - 1];
      if (report) report.rows = rows;
    }
    const { counts, refreshed } = done;
    return {
      sourceId: run.sourceId,
      files: run.reports,
      counts,
      refreshed,
      timings: clock.rounded(),
      streamed: true,
    };
  } catch (error) {
    if (!(error instanceof NotStreamable || error instanceof pg.DatabaseError)) throw error;
    await session.client.query('rollback to savepoint streamed');
    clock.add('streamed path given up', performance.now() - start);
    return null;
  }
}

/** Step 2: raw rows, with PostgreSQL's CSV reader; records it cannot read are reported. */
async function copyRawFiles(run: CsvImport, detected: StreamFile[]): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  for (const file of detected) {
    const total = file.source.bytes;
    const copied = await run.clock.time('copy raw files', () =>
      copyRaw(run.session, file.source, file.no, file.header, (done) =>
        run.onProgress({ phase: `copying ${file.source.name}`, done, total, unit: 'bytes' }),
      ),
    );
    run.errors.addMany(copied.errors, copied.total);
    const report = run.reports[file.no - 1];
    if (report) report.rows = copied.records;
    if (copied.raw)
      staged.push({ ...file, raw: copied.raw, fields: new FileFields(file.layout, copied.raw) });
  }
  return staged;
}

/**
 * Step 3: values read once, straight into the staging tables. The readers throw on a bad value:
 * then everything staged is dropped and every value checked, to list each bad one. When a problem
 * was found already (a file or rows that could not be read), the values are only checked.
 */
async function stageValues(run: CsvImport, staged: StagedFile[]): Promise<void> {
  const { session, clock, errors } = run;
  run.onProgress({ phase: 'reading values', done: 0, total: null, unit: 'rows' });
  const badPhones = await clock.time('normalise phones', () =>
    normalisePhones(session, staged, run.options.country ?? DEFAULT_COUNTRY),
  );
  if (!errors.empty || badPhones) return checkValues(run, staged, new Error('a phone number is not valid'));
  await session.client.query('savepoint staging');
  try {
    await clock.time('stage values', async () => {
      for (const file of staged) await stageFile(session.db, file, run.importStart);
    });
  } catch (error) {
    if (!isDataError(error)) throw error;
    await session.client.query('rollback to savepoint staging');
    return checkValues(run, staged, error);
  }
  await session.client.query('release savepoint staging');
  await clock.time('check duplicates', () => duplicateContacts(session, staged, errors));
  if (!errors.empty) throw reject(run);
}

/** Every value of every file checked, each bad one listed; throws the rejection. */
async function checkValues(run: CsvImport, staged: StagedFile[], failure: unknown): Promise<never> {
  const { errors } = run;
  run.onProgress({ phase: 'checking', done: 0, total: null, unit: 'rows' });
  for (const file of staged) await validateFile(run.session, file.source.name, file.fields, errors);
  if (errors.empty) {
    const reason = (failure as Error).message;
    const file = staged[0]?.source.name ?? '';
    errors.add({ file, line: null, column: null, code: 'invalid_value', params: { detail: reason }, reason });
  }
  throw reject(run);
}

/**
 * Step 4: campaigns, texters, conversations, tags and surveys merged; then the messages, each of
 * which must find its contact (in these files or already stored).
 */
async function mergeImport(run: CsvImport, staged: StagedFile[]): Promise<SpokeCsvImportResult> {
  const { session, sourceId, clock } = run;
  const { db } = session;
  run.onProgress({ phase: 'merging', done: 0, total: null, unit: 'rows' });
  await clock.time('analyze staging', () => analyzeStaging(db));
  const counts: MergeCounts = await mergeStaged(db, sourceId, { clock });
  await clock.time('check orphans', () => orphanMessages(session, sourceId, staged, run.errors));
  if (!run.errors.empty) throw reject(run);
  Object.assign(counts, await mergeMessages(db, sourceId, { clock }));

  run.onProgress({ phase: 'refreshing conversations', done: 0, total: null, unit: 'rows' });
  const refreshed = await clock.time('refresh conversations', () => refreshConversations(db));
  return { sourceId, files: run.reports, counts, refreshed, timings: clock.rounded(), streamed: false };
}

/** Fills the staging tables from one raw file. */
async function stageFile(db: Session['db'], file: StagedFile, importStart: Date): Promise<void> {
  const { fields, layout } = file;
  await stageCampaigns(db, fields);
  await stageTexters(db, fields);
  if (layout.role === 'contacts') await stageContactRows(db, fields, file.no);
  if (layout.role === 'convo') await stageConvoConversations(db, fields, file.no);
  if (layout.role !== 'messages') {
    await stageTags(db, fields);
    await stageSurvey(db, fields);
  }
  if (layout.role !== 'contacts') await stageMessages(db, fields, file.no, importStart);
}

/** A value PostgreSQL could not read (class 22) or a required one missing (not-null violation). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code === '23502');
}

/** `X.csv` + `X-messages.csv` of one layout; else the only contacts and messages files of a layout. */
function pair(reports: CsvFileReport[]): void {
  const free = (role: FileRole, layout: LayoutName) =>
    reports.filter((r) => r.role === role && r.layout === layout && r.pairedWith === null);
  for (const messages of reports.filter((r) => r.role === 'messages')) {
    const { base } = pairName(messages.name);
    const contacts = reports.find(
      (r) =>
        r.role === 'contacts' &&
        r.layout === messages.layout &&
        pairName(r.name).base === base &&
        !pairName(r.name).messages,
    );
    if (contacts && contacts.pairedWith === null) {
      contacts.pairedWith = messages.name;
      messages.pairedWith = contacts.name;
    }
  }
  for (const layout of ['legacy', 'statevoices', 'rewired'] as const) {
    const contacts = free('contacts', layout);
    const messages = free('messages', layout);
    if (contacts.length === 1 && messages.length === 1 && contacts[0] && messages[0]) {
      contacts[0].pairedWith = messages[0].name;
      messages[0].pairedWith = contacts[0].name;
    }
  }
}

/**
 * Normalises every distinct phone number that is not E.164 already into `imp_phones`; true when
 * some are not phone numbers at all.
 */
async function normalisePhones(
  session: Session,
  files: StagedFile[],
  country: CountryCode,
): Promise<boolean> {
  const { db } = session;
  for (const file of files) {
    const headers = file.fields.phoneHeaders();
    if (headers.length === 0) continue;
    // All phone columns of a file in one scan.
    const values = sql.join(headers.map((header) => sql`(btrim(${file.fields.column(header)}))`));
    await sql`
      insert into imp_phones (raw)
      select distinct v.value from ${sql.raw(`${file.raw.table} r`)} cross join lateral (values ${values}) as v(value)
       where v.value <> '' and v.value !~ ${E164_SQL_PATTERN}
      on conflict do nothing`.execute(db);
  }
  let after = '';
  for (;;) {
    const { rows } = await sql<{ raw: string }>`
      select raw from imp_phones where raw > ${after} order by raw limit 5000`.execute(db);
    const last = rows.at(-1);
    if (!last) break;
    after = last.raw;
    const raws = rows.map((r) => r.raw);
    await sql`
      update imp_phones p set e164 = u.e164
        from unnest(${raws}::text[], ${raws.map((raw) => toE164(raw, country))}::text[]) as u(raw, e164)
       where p.raw = u.raw`.execute(db);
  }
  const invalid = await sql<{
    any: boolean;
  }>`select exists (select 1 from imp_phones where e164 is null) as any`.execute(db);
  return invalid.rows[0]?.any ?? false;
}

/** Row errors for staged rows (file number, record), with the physical line of each record. */
async function toRowErrors<T extends { ref_file: number; ref_rec: number }>(
  session: Session,
  files: StagedFile[],
  rows: T[],
  make: (row: T, file: StagedFile, line: number) => RowError,
): Promise<RowError[]> {
  const out: RowError[] = [];
  for (const file of files) {
    const mine = rows.filter((r) => r.ref_file === file.no);
    if (mine.length === 0) continue;
    const lines = await linesOf(
      session,
      file.raw,
      mine.map((r) => r.ref_rec),
    );
    for (const row of mine) out.push(make(row, file, lines.get(row.ref_rec) ?? row.ref_rec + 1));
  }
  return out;
}

/** Two rows of contacts files for the same conversation (same id, or same campaign and cell). */
async function duplicateContacts(session: Session, files: StagedFile[], errors: ErrorList): Promise<void> {
  const contactFiles = files.filter((f) => f.layout.role === 'contacts').map((f) => f.no);
  if (contactFiles.length === 0) return;
  const { rows } = await sql<{
    ref_file: number;
    ref_rec: number;
    first_file: number;
    first_rec: number;
    total: number;
  }>`
    with dup as (
      select ref_file, ref_rec::int as ref_rec,
             first_value(ref_file) over w as first_file, first_value(ref_rec) over w as first_rec,
             row_number() over w as n
        from imp_conversations
       where ref_file = any(${contactFiles}::int[])
      window w as (partition by spoke_key order by ref_file, ref_rec)
    )
    select ref_file, ref_rec, first_file, first_rec::int as first_rec, (count(*) over ())::int as total
      from dup where n > 1 order by ref_file, ref_rec limit 100`.execute(session.db);
  if (rows.length === 0) return;
  const firstLines = new Map<string, number>();
  for (const file of files) {
    const recs = rows.filter((r) => r.first_file === file.no).map((r) => r.first_rec);
    for (const [rec, line] of await linesOf(session, file.raw, recs))
      firstLines.set(`${file.no}:${rec}`, line);
  }
  const shown = await toRowErrors(session, files, rows, (row, file, line) => {
    const other = files.find((f) => f.no === row.first_file);
    const params = {
      other_file: other?.source.name ?? '?',
      other_line: firstLines.get(`${row.first_file}:${row.first_rec}`) ?? '?',
    };
    return {
      file: file.source.name,
      line,
      column: file.layout.fields.conversationId ?? file.layout.fields.cell ?? null,
      code: 'duplicate_contact',
      params,
      reason: `duplicate contact (also on ${params.other_file} line ${params.other_line})`,
    };
  });
  errors.addMany(shown, rows[0]?.total ?? shown.length);
}

/** Message rows whose contact is neither in the files nor already stored. */
async function orphanMessages(
  session: Session,
  sourceId: number,
  files: StagedFile[],
  errors: ErrorList,
): Promise<void> {
  const { rows } = await sql<{ ref_file: number; ref_rec: number; conversation_key: string; total: number }>`
    select m.ref_file, m.ref_rec::int as ref_rec, m.conversation_key, (count(*) over ())::int as total
      from imp_messages m
     where not exists (select 1 from conversations c where c.source_id = ${sourceId} and c.spoke_key = m.conversation_key)
     order by m.ref_file, m.ref_rec
     limit 100`.execute(session.db);
  if (rows.length === 0) return;
  const shown = await toRowErrors(session, files, rows, (row, file, line) => {
    const byId = file.layout.fields.conversationId;
    const key = row.conversation_key;
    const parts = /^c:(.*):(\+\d+)$/.exec(key);
    const where = { file: file.source.name, line, column: byId ?? file.layout.fields.cell ?? null };
    if (byId) {
      const reason = `missing contact for this message (no contact ${key} in the files or already imported)`;
      return { ...where, code: 'missing_contact', params: { contact: key }, reason };
    }
    const params = { cell: parts?.[2] ?? '?', campaign: parts?.[1] ?? '?' };
    const reason = `missing contact for this message (no contact with cell ${params.cell} in campaign ${params.campaign})`;
    return { ...where, code: 'missing_contact_cell', params, reason };
  });
  errors.addMany(shown, rows[0]?.total ?? shown.length);
}
