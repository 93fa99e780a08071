import type { AuditSortKey, SortOrder } from '../../../../common/api/audit-review.js';

/** The Audits page's filters and sort, as kept in the address (so a filtered list can be shared and reloaded). */

export interface NamedFilter {
  id: number;
  name: string;
}

export const SORTS = ['newest', 'oldest', 'lowest', 'highest'] as const;
export type SortChoice = (typeof SORTS)[number];

const SORT_OF: Record<SortChoice, { sort: AuditSortKey; order: SortOrder }> = {
  newest: { sort: 'created_at', order: 'desc' },
  oldest: { sort: 'created_at', order: 'asc' },
  lowest: { sort: 'score', order: 'asc' },
  highest: { sort: 'score', order: 'desc' },
};

export const NAMED_FILTERS = ['texter', 'campaign', 'auditor'] as const;
export type NamedFilterKey = (typeof NAMED_FILTERS)[number];

export interface ReviewSearch {
  /** `YYYY-MM-DD` (a day in the browser's time zone) or ''. */
  from: string;
  /** `YYYY-MM-DD`, inclusive, or ''. */
  to: string;
  texter: NamedFilter | null;
  campaign: NamedFilter | null;
  auditor: NamedFilter | null;
  result: '' | 'passed' | 'failed';
  item: string;
  sort: SortChoice;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function named(params: URLSearchParams, key: NamedFilterKey): NamedFilter | null {
  const id = Number(params.get(key));
  if (!Number.isInteger(id) || id < 1) return null;
  return { id, name: params.get(`${key}_name`) ?? `#${id}` };
}

export function readSearch(params: URLSearchParams): ReviewSearch {
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  const result = params.get('result');
  const sort = params.get('sort');
  return {
    from: day('from'),
    to: day('to'),
    texter: named(params, 'texter'),
    campaign: named(params, 'campaign'),
    auditor: named(params, 'auditor'),
    result: result === 'passed' || result === 'failed' ? result : '',
    item: params.get('item') ?? '',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as SortChoice) : 'newest',
  };
}

export function writeSearch(search: ReviewSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.from) params.set('from', search.from);
  if (search.to) params.set('to', search.to);
  for (const key of NAMED_FILTERS) {
    const filter = search[key];
    if (filter) {
      params.set(key, String(filter.id));
      params.set(`${key}_name`, filter.name);
    }
  }
  if (search.result) params.set('result', search.result);
  if (search.item) params.set('item', search.item);
  if (search.sort !== 'newest') params.set('sort', search.sort);
  return params;
}

/** The start of a day in the browser's time zone, as the API takes it. */
export function dayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toISOString();
}

/** The start of the next day: an inclusive end day as the API's exclusive `to`. */
export function dayEnd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1).toISOString();
}

/** The period as API query parameters. */
export function periodQuery(from: string, to: string): URLSearchParams {
  const query = new URLSearchParams();
  if (from) query.set('from', dayStart(from));
  if (to) query.set('to', dayEnd(to));
  return query;
}

/** `GET /api/audits` parameters for a search (without the cursor). */
export function listQuery(search: ReviewSearch): URLSearchParams {
  const query = periodQuery(search.from, search.to);
  if (search.texter) query.set('texter_id', String(search.texter.id));
  if (search.campaign) query.set('campaign_id', String(search.campaign.id));
  if (search.auditor) query.set('auditor_id', String(search.auditor.id));
  if (search.result) query.set('result', search.result);
  if (search.item) query.set('item', search.item);
  const { sort, order } = SORT_OF[search.sort];
  query.set('sort', sort);
  query.set('order', order);
  return query;
}
