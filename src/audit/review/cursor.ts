import type { AuditSortKey, SortOrder } from '../../../common/api/audit-review.js';
import { Invalid } from '../../errors.js';

/**
 * Where a page of the Audits page ends: the sort, the last row's sort key and its id. Opaque to
 * clients (base64url JSON); a cursor made for another sort is refused, like a damaged one.
 * The date key is ISO text with microseconds (made by PostgreSQL), so none are lost on the way.
 */
export interface AuditCursor {
  sort: AuditSortKey;
  order: SortOrder;
  key: string | number;
  id: number;
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.key, cursor.id])).toString(
    'base64url',
  );
}

/** `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`. */
export const DATE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function isDateKey(key: string): boolean {
  if (!DATE_KEY.test(key)) return false;
  const [y, mo, d, h, mi, s] = key.split(/[-T:.Z]/).map(Number) as number[];
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 0) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
  return (
    (y ?? 0) >= 1 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === (mo ?? 0) - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  );
}

const badCursor = () =>
  new Invalid('cursor is not a page link of this list.', { field: 'cursor' }, 'bad_cursor');

export function decodeCursor(text: string, sort: AuditSortKey, order: SortOrder): AuditCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw badCursor();
  const [s, o, key, id] = parsed as unknown[];
  if (s !== sort || o !== order) throw badCursor();
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw badCursor();
  // Scores are shares (0..1); a date must be a real one (PostgreSQL would refuse the 31st of February).
  if (sort === 'score' && (typeof key !== 'number' || !(key >= 0 && key <= 1))) throw badCursor();
  if (sort === 'created_at' && (typeof key !== 'string' || !isDateKey(key))) throw badCursor();
  return { sort, order, key: key as string | number, id: id as number };
}
