import { Rejected } from '../../../errors.js';

/** One bad row (or file) of a CSV import. `line` is 1-based with the header on line 1. */
export interface RowError {
  file: string;
  line: number | null;
  column: string | null;
  reason: string;
  /** The offending value, shortened; shown as text only. */
  value?: string | null;
}

/** How many bad rows an import lists; the rest are only counted. */
export const MAX_LISTED_ERRORS = 100;

/** A CSV import refused whole: nothing was changed. In the API: 422 with the rows as details. */
export class ImportRejected extends Rejected {
  constructor(
    readonly errors: RowError[],
    readonly total: number,
    /** What was learnt about each file before the import stopped (layout, rows). */
    readonly files: {
      name: string;
      layout: string | null;
      role: string | null;
      rows: number;
      pairedWith: string | null;
    }[] = [],
  ) {
    const first = errors[0];
    const where = first
      ? `${first.file}${first.line ? `:${first.line}` : ''}${first.column ? ` (${first.column})` : ''}`
      : '';
    super(
      'import_rejected',
      `import rejected, nothing was changed: ${total} bad ${total === 1 ? 'row' : 'rows'}` +
        (first ? `; first: ${where}: ${first.reason}` : ''),
      { errors, total },
    );
  }
}

export function shorten(value: string | null | undefined, max = 80): string | null {
  if (value === null || value === undefined) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Collects errors: keeps the first MAX_LISTED_ERRORS in (file order, line) order, counts all. */
export class ErrorList {
  private readonly listed: RowError[] = [];
  total = 0;

  add(error: RowError, count = 1): void {
    this.total += count;
    this.listed.push(error);
  }

  /** Adds `count` errors of which `shown` are listed. */
  addMany(shown: RowError[], count: number): void {
    this.total += count;
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
