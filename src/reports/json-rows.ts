import { plainValue } from './plain-value.js';
import type { Column } from './runner/execute.js';

/**
 * A batch of rows as JSON text (the arrays, comma-separated, without the brackets). Columns the
 * driver gives as numbers, strings, booleans or PostgreSQL's text go as they are, in one
 * `JSON.stringify`; only columns of other types pass through `plainValue` value by value.
 */
export function jsonRows(rows: unknown[][], columns: readonly Column[]): string {
  const other = columns.flatMap((c, i) => (c.type === 'other' ? [i] : []));
  if (other.length > 0) {
    for (const row of rows) for (const i of other) row[i] = plainValue(row[i]);
  }
  return JSON.stringify(rows).slice(1, -1);
}
