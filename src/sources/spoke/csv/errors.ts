import type { ImportProblem } from '../../../../common/api/import-problems.js';
import { Rejected } from '../../../errors.js';

/**
 * One bad row (or file) of a CSV import. `line` is 1-based with the header on line 1. What is
 * wrong is its `code` and `params` (common/api/import-problems.ts, shown translated by the web UI)
 * and, in English, its `reason` (the command line, API clients).
 */
export type RowError = ImportProblem & {
  file: string;
  line: number | null;
  column: string | null;
  reason: string;
  /** The offending value, shortened; shown as text only. */
  value?: string | null;
};

/** How many bad rows an import lists; the rest are only counted. */
export const MAX_LISTED_ERRORS = 100;

/** "3 rows, 4 problems" (or "1 problem" when no row is at fault, only a file). */
export function countProblems(rows: number, problems: number): string {
  const p = `${problems} ${problems === 1 ? 'problem' : 'problems'}`;
  return rows > 0 ? `${rows} ${rows === 1 ? 'row' : 'rows'}, ${p}` : p;
}

/**
 * A CSV import refused whole: nothing was changed. In the API: 422 with the problems as details:
 * `errors` (the first ones listed), `total` (problems) and `rows` (rows with at least one).
 */
export class ImportRejected extends Rejected {
  constructor(
    readonly errors: RowError[],
    /** Problems found, listed or not. */
    readonly total: number,
    /** What was learnt about each file before the import stopped (layout, rows). */
    readonly files: {
      name: string;
      layout: string | null;
      role: string | null;
      rows: number;
      pairedWith: string | null;
    }[] = [],
    /** Rows with at least one problem (a problem of a whole file is no row's). */
    readonly rows = total,
  ) {
    const first = errors[0];
    const where = first
      ? `${first.file}${first.line ? `:${first.line}` : ''}${first.column ? ` (${first.column})` : ''}`
      : '';
    super(
      'import_rejected',
      `import rejected, nothing was changed: ${countProblems(rows, total)}` +
        (first ? `; first: ${where}: ${first.reason}` : ''),
      { errors, total, rows },
    );
  }
}

export function shorten(value: string | null | undefined, max = 80): string | null {
  if (value === null || value === undefined) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Collects errors: keeps the first MAX_LISTED_ERRORS in (file order, line) order, counts all the
 * problems and, apart, the rows they are on.
 */
export class ErrorList {
  private readonly listed: RowError[] = [];
  total = 0;
  rows = 0;

  /** One problem; `rows` is 0 for a problem of a whole file (no line, or the header). */
  add(error: RowError, rows = error.line !== null && error.line > 1 ? 1 : 0): void {
    this.total += 1;
    this.rows += rows;
    this.listed.push(error);
  }

  /** Adds `count` problems on `rows` rows, of which `shown` are listed. */
  addMany(shown: RowError[], count: number, rows = count): void {
    this.total += count;
    this.rows += rows;
    this.listed.push(...shown);
  }

  get empty(): boolean {
    return this.total === 0;
  }

  list(order: (file: string) => number): RowError[] {
    return [...this.listed]
      .sort(
        (a, b) =>
          order(a.file) - order(b.file) ||
          (a.line ?? 0) - (b.line ?? 0) ||
          (a.column ?? '').localeCompare(b.column ?? ''),
      )
      .slice(0, MAX_LISTED_ERRORS);
  }
}
