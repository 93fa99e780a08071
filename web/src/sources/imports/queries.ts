import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiErrorBody } from '../../../../common/api/errors.js';
import type { CreateImportBody, ImportList, SpokeImportView } from '../../../../common/api/imports.js';
import { ApiError, api, UNSHAPED_ERROR_CODE } from '../../api/client.js';
import { uploadName } from './upload-name.js';

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  one: (id: number) => [...importKeys.all, id] as const,
};

const running = (view: SpokeImportView) => view.status === 'queued' || view.status === 'running';

/** Recent imports; polled while one of them is still running. */
export function useImports() {
  return useQuery({
    queryKey: importKeys.list(),
    queryFn: ({ signal }) => api.get<ImportList>('/api/imports', { signal }),
    select: (list) => list.imports,
    refetchInterval: (query) => (query.state.data?.imports.some(running) ? 2000 : false),
  });
}

/** One import; polled every second until it has finished. */
export function useImport(id: number | null) {
  return useQuery({
    queryKey: importKeys.one(id ?? 0),
    queryFn: ({ signal }) => api.get<SpokeImportView>(`/api/imports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !running(query.state.data) ? false : 1000),
  });
}

/** PUTs one file as the raw request body (no multipart), under a name the server accepts. */
async function uploadFile(id: number, file: File, name: string): Promise<SpokeImportView> {
  const response = await fetch(`/api/imports/${id}/files/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
    body: file,
    credentials: 'same-origin',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message, error.details);
    }
    throw new ApiError(
      response.status,
      UNSHAPED_ERROR_CODE,
      response.statusText || `HTTP ${response.status}`,
    );
  }
  return body as SpokeImportView;
}

export interface StartImportVariables {
  options: CreateImportBody;
  files: File[];
  /** Called before each file is sent: (index, total). */
  onUpload?: (index: number, total: number) => void;
}

/** Creates an import, uploads its files one by one and queues it; resolves with the queued import. */
export function useStartCsvImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ options, files, onUpload }: StartImportVariables) => {
      const created = await api.post<SpokeImportView>('/api/imports', options);
      const taken = new Set<string>();
      for (const [index, file] of files.entries()) {
        onUpload?.(index, files.length);
        await uploadFile(created.id, file, uploadName(file.name, taken));
      }
      return api.post<SpokeImportView>(`/api/imports/${created.id}/run`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: importKeys.all }),
  });
}
