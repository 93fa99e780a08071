import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  closeReportPools,
  createReport,
  DEFAULT_ROW_LIMIT,
  exportReport,
  findReport,
  listReports,
  plainValue,
  type ReportContext,
  runReport,
} from '../reports/index.js';
import { withDatabase } from './database.js';
import { UsageError } from './errors.js';

/** `parley report …`: list, run (table, CSV or JSON on stdout) and import Data Explorer files. */

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function reportList(): Promise<void> {
  await withDatabase(async (handle) => {
    for (const r of await listReports(handle.db)) {
      process.stdout.write(`${r.name}\t${r.builtin ? 'built-in' : 'saved'}\t${r.title}\n`);
    }
  });
}

/** `--param k=v` (repeatable) into a map; `--param ids=1,2` gives a list as text. */
export function collectParam(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new UsageError(`--param expects name=value (got "${value}")`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function table(columns: { name: string }[], rows: unknown[][]): string {
  const cells = [columns.map((c) => c.name), ...rows.map((r) => r.map((v) => String(plainValue(v) ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `${row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return [
    line(cells[0] ?? []),
    `${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
    ...cells.slice(1).map(line),
  ].join('');
}

export async function reportRun(
  name: string,
  options: { param?: Record<string, string>; format?: string; limit?: string },
): Promise<void> {
  const format = (options.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const limit = options.limit === undefined ? DEFAULT_ROW_LIMIT : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
  // The reports' own pool would keep the process alive until its idle connections time out.
  await withDatabase(async (handle, config) => {
    try {
      await runWith(
        { db: handle.db, config, databaseUrl: handle.reportsUrl },
        name,
        format,
        limit,
        options.param ?? {},
      );
    } finally {
      await closeReportPools();
    }
  });
}

async function runWith(
  ctx: ReportContext,
  name: string,
  format: Format,
  limit: number,
  params: Record<string, string>,
): Promise<void> {
  const report = await findReport(ctx.db, name);
  const request = { report, params, actorId: null, via: 'cli' as const };
  if (format === 'table') {
    const result = await runReport(ctx, request, limit);
    process.stdout.write(table(result.columns, result.rows));
    const cut = result.truncated ? ` (cut at ${limit}; use --limit or --format csv for all)` : '';
    process.stderr.write(`${result.rows.length} rows in ${result.durationMs} ms${cut}\n`);
    return;
  }
  await pipeline(await exportReport(ctx, request, format), process.stdout, { end: false });
}

/** A file's base name as a report name: lower-case, other characters as dashes. */
export function nameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/\.sql$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export async function reportImport(file: string, options: { name?: string; title?: string }): Promise<void> {
  const body = await readFile(file, 'utf8');
  const name = options.name ?? nameFromFile(file);
  if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(name)) {
    throw new UsageError(`"${name}" is not a report name (lower-case letters, digits, - and _); use --name`);
  }
  await withDatabase(async (handle) => {
    const report = await createReport(
      handle.db,
      {
        name,
        title: options.title ?? name,
        description: '',
        body,
        sourceId: null,
        searchPath: null,
        timeoutSeconds: null,
        runRoles: [],
      },
      null,
    );
    process.stdout.write(`imported report ${report.name}\n`);
  });
}
