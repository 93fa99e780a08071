import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import { api } from '../../../api/client.js';
import { botKeys } from '../../queries.js';

/** The period and tag asked for; '' leaves one out. Days are YYYY-MM-DD. */
export interface DropOffFilter {
  readonly from: string;
  readonly to: string;
  readonly tag: string;
}

export const NO_FILTER: DropOffFilter = { from: '', to: '', tag: '' };

function queryOf(filter: DropOffFilter): string {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.tag) params.set('tag', filter.tag);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/**
 * Where people drop off in a bot (`GET /api/bots/:id/drop-off`): per step (node or question) and
 * per move between steps; the canvas and the questionnaire list read the same numbers.
 */
export function useDropOff(botId: number, filter: DropOffFilter, enabled = true) {
  return useQuery({
    queryKey: [...botKeys.detail(botId), 'drop-off', filter] as const,
    queryFn: ({ signal }) =>
      api.get<DropOffView>(`/api/bots/${botId}/drop-off${queryOf(filter)}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The built-in report with the same numbers, for the same bot, period and tag. */
export function dropOffReportLink(botId: number, filter: DropOffFilter): string {
  const params = new URLSearchParams({ bot_id: String(botId) });
  if (filter.from) params.set('start_date', filter.from);
  if (filter.to) params.set('end_date', filter.to);
  if (filter.tag) params.set('tag', filter.tag);
  params.set('run', '1');
  return `/reports/chatbot-drop-off?${params}`;
}
