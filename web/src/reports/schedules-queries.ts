import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScheduleBody, ScheduleList, ScheduleView } from '../../../common/api/reports.js';
import { api } from '../api/client.js';

/** A report's schedules and checks (admins): list, save, delete, run now. */

const schedulesKey = (report: string) => ['reports', 'schedules', report] as const;
const base = (report: string) => `/api/reports/${encodeURIComponent(report)}/schedules`;

export function useSchedules(report: string) {
  return useQuery({
    queryKey: schedulesKey(report),
    queryFn: ({ signal }) => api.get<ScheduleList>(base(report), { signal }),
  });
}

export function useSaveSchedule(report: string, id: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleBody) =>
      id === null
        ? api.post<ScheduleView>(base(report), body)
        : api.put<ScheduleView>(`${base(report)}/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: schedulesKey(report) }),
  });
}

export function useDeleteSchedule(report: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`${base(report)}/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: schedulesKey(report) }),
  });
}

export function useRunScheduleNow(report: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<{ queued: boolean }>(`${base(report)}/${id}/run`, {}),
    // The worker runs it within seconds; look again shortly after.
    onSuccess: () =>
      setTimeout(() => void client.invalidateQueries({ queryKey: schedulesKey(report) }), 3000),
  });
}
