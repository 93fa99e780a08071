import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Session } from '../../../conversations/index.js';
import { MAX_LISTED_ERRORS, type RowError, shorten } from './errors.js';
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
}

/**
 * Copies a CSV file into a temporary table with PostgreSQL's own CSV reader (COPY … FORMAT csv),
 * the fastest way in: no value is interpreted yet. `rec` numbers the records in file order.
 * A file COPY cannot read (wrong number of fields, unterminated quote, bad encoding) is
 * scanned again with csv-parse to report each bad line.
 */
export async function copyRaw(
  session: Session,
  source: CsvSource,
  fileNo: number,
  header: string[],
  onBytes: (bytes: number) => void,
): Promise<{ raw: RawTable } | { errors: RowError[]; total: number }> {
  const table = `raw_${fileNo}`;
  const names = header.map((_, i) => `c${i + 1}`);
  await sql`${sql.raw(`create temporary table ${table} (rec bigint generated always as identity, ${names.map((c) => `${c} text`).join(', ')}) on commit drop`)}`.execute(
    session.db,
  );
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
    return {
      raw: { table, columns: new Map(header.map((h, i) => [h, names[i] ?? ''])), rows: copy.rowCount },
    };
  } catch (error) {
    await session.client.query(`rollback to savepoint copy_${fileNo}`);
    const scanned = await scanStructure(source, header.length);
    if (scanned.total > 0) return scanned;
    return { errors: [copyError(source.name, error)], total: 1 };
  }
}

/** PostgreSQL's own message for a COPY failure the structural scan did not explain. */
function copyError(file: string, error: unknown): RowError {
  const e = error as pg.DatabaseError;
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  return { file, line: line ? Number(line) : null, column: null, reason: `unreadable CSV: ${e.message}` };
}

/**
 * Reads the whole file with csv-parse to find records with the wrong number of fields, and the
 * first error the parser cannot go past (an unterminated quote). Only runs for files COPY refused.
 */
async function scanStructure(
  source: CsvSource,
  width: number,
): Promise<{ errors: RowError[]; total: number }> {
  const errors: RowError[] = [];
  let total = 0;
  const parser = parse({ bom: true, relax_column_count: true, info: true, skip_empty_lines: false });
  let previousEnd = 0;
  let first = true;
  try {
    const input = source.open();
    input.pipe(parser);
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const start = previousEnd + 1;
      previousEnd = item.info.lines;
      if (first) {
        first = false;
        continue;
      }
      if (item.record.length !== width) {
        total++;
        if (errors.length < MAX_LISTED_ERRORS) {
          const blank = item.record.length === 1 && item.record[0] === '';
          errors.push({
            file: source.name,
            line: start,
            column: null,
            reason: blank ? 'blank line' : `${item.record.length} fields where the header has ${width}`,
            value: shorten(item.record.join(',')),
          });
        }
      }
    }
  } catch (error) {
    const e = error as Error & { lines?: number };
    total++;
    errors.push({
      file: source.name,
      line: e.lines ?? null,
      column: null,
      reason: `unreadable CSV: ${e.message}`,
    });
  }
  return { errors, total };
}

/**
 * Physical line numbers (header = 1) of records `recs` of a raw table. Records hold their own
 * line breaks when a quoted field spans lines, so when any does the lines are counted.
 */
export async function linesOf(session: Session, raw: RawTable, recs: number[]): Promise<Map<number, number>> {
  const lines = new Map<number, number>(recs.map((rec) => [rec, rec + 1]));
  if (recs.length === 0) return lines;
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
