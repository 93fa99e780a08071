import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Session } from '../../../conversations/index.js';
import { MAX_LISTED_ERRORS, type RowError } from './errors.js';
import { type Salvaged, salvage } from './salvage.js';
import type { CsvSource } from './sources.js';

/** The first record of a file (its header row), or null for an empty file. */
export async function readHeader(source: CsvSource): Promise<string[] | null> {
  const input = source.open();
  const parser = parse({ bom: true, to: 1, relax_column_count: true, relax_quotes: true });
  input.pipe(parser);
  try {
    for await (const record of parser) return (record as string[]).map((h) => h.trim());
    return null;
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }
}

/** A file copied as is into a temporary table `raw_<n>` (columns c1…cN, text) with its record numbers. */
export interface RawTable {
  table: string;
  /** Header name → column (`c3`). */
  columns: Map<string, string>;
  rows: number;
  /** A table of each record's physical line (`rec`, `line`), when some records were left out. */
  lines?: string;
}

/** What copying a file gave: its raw table (null when nothing could be read) and its problems. */
export interface Copied {
  raw: RawTable | null;
  errors: RowError[];
  total: number;
  /** Records read, readable or not (the header excluded). */
  records: number;
}

/**
 * Copies a CSV file into a temporary table with PostgreSQL's own CSV reader (COPY … FORMAT csv),
 * the fastest way in: no value is interpreted yet. `rec` numbers the records in file order.
 * A file COPY cannot read (wrong number of fields, unterminated quote, bad encoding) is read
 * again (salvage.ts): each bad record is reported and the readable ones are copied, so that
 * their values are checked too.
 */
export async function copyRaw(
  session: Session,
  source: CsvSource,
  fileNo: number,
  header: string[],
  onBytes: (bytes: number) => void,
): Promise<Copied> {
  const table = `raw_${fileNo}`;
  const names = header.map((_, i) => `c${i + 1}`);
  await sql`${sql.raw(`create temporary table ${table} (rec bigint generated always as identity, ${names.map((c) => `${c} text`).join(', ')}) on commit drop`)}`.execute(
    session.db,
  );
  const columns = new Map(header.map((h, i) => [h, names[i] ?? '']));
  await session.client.query(`savepoint copy_${fileNo}`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
  try {
    const copy = session.client.query(
      copyFrom(`copy ${table} (${names.join(', ')}) from stdin with (format csv, header true)`),
    );
    await pipeline(source.open(), counter, copy);
    await session.client.query(`release savepoint copy_${fileNo}`);
    const rows = copy.rowCount;
    return { raw: { table, columns, rows }, errors: [], total: 0, records: rows };
  } catch (error) {
    await session.client.query(`rollback to savepoint copy_${fileNo}`);
    return copySalvaged(session, source, { table, columns, rows: 0 }, onBytes, error);
  }
}

/** The readable records of a file COPY refused, copied; the others reported. */
async function copySalvaged(
  session: Session,
  source: CsvSource,
  raw: RawTable,
  onBytes: (bytes: number) => void,
  refusal: unknown,
): Promise<Copied> {
  const found: Salvaged = { errors: [], total: 0, records: 0, lines: [] };
  const names = [...raw.columns.values()];
  await session.client.query(`savepoint salvage_${raw.table}`);
  try {
    // The refused COPY used record numbers up: they start again at 1.
    await session.client.query(`truncate ${raw.table} restart identity`);
    const copy = session.client.query(
      copyFrom(`copy ${raw.table} (${names.join(', ')}) from stdin with (format csv)`),
    );
    await pipeline(Readable.from(salvage(source, names.length, found, onBytes)), copy);
    const lines = `${raw.table}_lines`;
    await sql`${sql.raw(`create temporary table ${lines} (rec bigint primary key, line integer) on commit drop`)}`.execute(
      session.db,
    );
    for (let i = 0; i < found.lines.length; i += 50_000) {
      const chunk = found.lines.slice(i, i + 50_000);
      await sql`insert into ${sql.table(lines)} (rec, line)
                select ${i}::bigint + n, line from unnest(${chunk}::integer[]) with ordinality as u(line, n)`.execute(
        session.db,
      );
    }
    await session.client.query(`release savepoint salvage_${raw.table}`);
    const { errors, total, records } = found;
    return { raw: { ...raw, rows: copy.rowCount, lines }, errors, total, records };
  } catch {
    await session.client.query(`rollback to savepoint salvage_${raw.table}`);
    const errors = [...found.errors.slice(0, MAX_LISTED_ERRORS - 1), copyError(source.name, refusal)];
    return { raw: null, errors, total: found.total + 1, records: found.records };
  }
}

/** PostgreSQL's own message for a COPY failure the salvage could not explain. */
function copyError(file: string, error: unknown): RowError {
  const e = error as pg.DatabaseError;
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  return {
    file,
    line: line ? Number(line) : null,
    column: null,
    code: 'unreadable_csv',
    params: { detail: e.message },
    reason: `unreadable CSV: ${e.message}`,
  };
}

/**
 * Physical line numbers (header = 1) of records `recs` of a raw table. Records hold their own
 * line breaks when a quoted field spans lines, so when any does the lines are counted.
 */
export async function linesOf(session: Session, raw: RawTable, recs: number[]): Promise<Map<number, number>> {
  const lines = new Map<number, number>(recs.map((rec) => [rec, rec + 1]));
  if (recs.length === 0) return lines;
  if (raw.lines) {
    const { rows } = await sql<{ rec: number; line: number }>`
      select rec::int, line from ${sql.table(raw.lines)} where rec = any(${recs}::bigint[])`.execute(
      session.db,
    );
    for (const row of rows) lines.set(Number(row.rec), Number(row.line));
    return lines;
  }
  const all = [...raw.columns.values()].map((c) => `coalesce(${c}, '')`).join(' || ');
  const newlines = `(length(${all}) - length(replace(${all}, chr(10), '')))`;
  const { rows } = await sql<{ rec: number; line: number }>`
    ${sql.raw(`with counted as (
      select rec, ${newlines} as nl from ${raw.table}
    ), numbered as (
      select rec, 2 + coalesce(sum(1 + nl) over (order by rec rows between unbounded preceding and 1 preceding), 0) as line
        from counted
    )
    select rec::int, line::int from numbered
     where exists (select 1 from counted where nl > 0) and rec = any(`)}${recs}${sql.raw('::bigint[])')}`.execute(
    session.db,
  );
  for (const row of rows) lines.set(Number(row.rec), Number(row.line));
  return lines;
}
