import type { ColumnView } from '../../../common/api/reports.js';

/**
 * The chart a result's shape asks for (docs/reports.md §4): a column named `pie` → pie; a time
 * column and numbers → line; text and numbers → bars; two numbers → scatter; otherwise none.
 */
export type ChartShape =
  | { kind: 'pie'; label: number; value: number }
  | { kind: 'line' | 'bar'; x: number; series: number[] }
  | { kind: 'scatter'; x: number; y: number }
  | { kind: 'none' };

const TIME = ['date', 'datetime', 'time'];

export function chartShape(columns: readonly ColumnView[]): ChartShape {
  const numbers = columns.flatMap((c, i) => (c.type === 'number' && !isIdColumn(c.name) ? [i] : []));
  const pie = columns.findIndex((c) => c.name === 'pie');
  const text = columns.findIndex((c) => c.type === 'text');
  if (pie !== -1 && text !== -1) return { kind: 'pie', label: text, value: pie };
  const time = columns.findIndex((c) => TIME.includes(c.type));
  if (time !== -1 && numbers.length > 0) return { kind: 'line', x: time, series: numbers };
  if (text !== -1 && numbers.length > 0) return { kind: 'bar', x: text, series: numbers };
  if (numbers.length >= 2) return { kind: 'scatter', x: numbers[0] ?? 0, y: numbers[1] ?? 1 };
  return { kind: 'none' };
}

const ID_SUFFIXES = [
  'user_id',
  'texter_id',
  'campaign_id',
  'conversation_id',
  'message_id',
  'post_id',
] as const;
export type IdKind = (typeof ID_SUFFIXES)[number];

/** The kind of object a column's values are ids of (`*_user_id`, bare `user_id`, …), or null. */
export function idKindOf(name: string): IdKind | null {
  return ID_SUFFIXES.find((suffix) => name === suffix || name.endsWith(`_${suffix}`)) ?? null;
}

function isIdColumn(name: string): boolean {
  return idKindOf(name) !== null || name === 'id';
}

/** Where an id links to in the web UI. */
export function idHref(kind: IdKind, id: string): string {
  switch (kind) {
    case 'texter_id':
      return `/audits/texters/${encodeURIComponent(id)}`;
    case 'user_id':
      return `/users?id=${encodeURIComponent(id)}`;
    case 'campaign_id':
      return `/conversations?campaign=${encodeURIComponent(id)}`;
    case 'post_id':
    case 'message_id':
      return `/moderation?message=${encodeURIComponent(id)}`;
    default:
      return `/conversations?conversation=${encodeURIComponent(id)}`;
  }
}
