import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { DraftView, PublishDraftBody } from '../../../../common/api/bot-studio.js';
import type { RevisionSummary } from '../../../../common/api/chatbot.js';
import { api, isApiError } from '../../api/client.js';
import { botKeys } from '../queries.js';
import { asEditable, type EditableBundle } from './bundle-model.js';
import { CHANNEL_LIMITS, type ChannelName, type Validated, validateBundle } from './engine.js';

/** Autosave waits this long after the last change. */
export const AUTOSAVE_DELAY_MS = 800;

/** `clean`: saved; `pending`: changed, about to be saved; `conflict`: someone else saved since. */
export type SaveStatus = 'clean' | 'pending' | 'saving' | 'error' | 'conflict';

export interface DraftController {
  readonly botId: number;
  /** The server's last word on the draft (who saved it, when, its versions). */
  readonly view: DraftView | undefined;
  readonly loadError: unknown;
  /** The draft as edited here (ahead of the server while a save is pending). */
  readonly bundle: unknown;
  /** The same, when the forms can edit it. */
  readonly editable: EditableBundle | null;
  /** The engine's validation of the draft, with the limits of the bot's channels. */
  readonly validation: Validated | null;
  readonly channels: readonly ChannelName[];
  readonly status: SaveStatus;
  readonly saveError: unknown;
  /** Replaces the draft; it is saved a moment after the last change. */
  update(next: unknown): void;
  /** Saves now what is pending; false when it could not be saved. */
  flush(): Promise<boolean>;
  /** Forgets what was not saved and loads the draft as stored. */
  reload(): Promise<void>;
}

const DraftContext = createContext<DraftController | null>(null);

export function draftKey(botId: number) {
  return [...botKeys.detail(botId), 'draft'] as const;
}

/** The bot's draft for every editor under it (the studio, the JSON editor, the draft bar). */
export function DraftProvider({ botId, children }: { botId: number; children: ReactNode }) {
  const controller = useDraftController(botId);
  return <DraftContext.Provider value={controller}>{children}</DraftContext.Provider>;
}

export function useDraft(): DraftController {
  const draft = useContext(DraftContext);
  if (!draft) throw new Error('useDraft outside DraftProvider');
  return draft;
}

function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(CHANNEL_LIMITS, name);
}

/** The engine's validation of a draft as publishing runs it (a bundle's `name` is the bot's, not checked here). */
export function validateDraft(bundle: unknown, channels: readonly ChannelName[]): Validated {
  const { name: _name, ...rest } =
    typeof bundle === 'object' && bundle !== null ? (bundle as Record<string, unknown>) : {};
  return validateBundle(
    typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle) ? rest : bundle,
    {
      channels,
    },
  );
}

function useDraftController(botId: number): DraftController {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: draftKey(botId),
    queryFn: ({ signal }) => api.get<DraftView>(`/api/bots/${botId}/draft`, { signal }),
    // The draft changes only through this page; another editor's save shows as a conflict.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [bundle, setBundle] = useState<unknown>(undefined);
  const [status, setStatus] = useState<SaveStatus>('clean');
  const [saveError, setSaveError] = useState<unknown>(null);
  const latest = useRef<unknown>(undefined);
  const version = useRef(0);
  const dirty = useRef(false);
  const saving = useRef<Promise<boolean> | null>(null);
  // The stored draft replaces the one here when first loaded and on reload (after publishing or
  // discarding too); a save's reply does not (it is what is here already, and typing goes on).
  const adopt = useRef(true);

  useEffect(() => {
    if (!query.data || !adopt.current || query.isFetching) return;
    adopt.current = false;
    latest.current = query.data.bundle;
    version.current = query.data.version;
    setBundle(query.data.bundle);
  }, [query.data, query.isFetching]);

  const save = useCallback(async (): Promise<boolean> => {
    if (saving.current) await saving.current;
    if (!dirty.current) return true;
    dirty.current = false;
    setStatus('saving');
    const run = api
      .put<DraftView>(`/api/bots/${botId}/draft`, { bundle: latest.current, version: version.current })
      .then(
        (view) => {
          version.current = view.version;
          queryClient.setQueryData(draftKey(botId), view);
          setSaveError(null);
          setStatus(dirty.current ? 'pending' : 'clean');
          return true;
        },
        (error: unknown) => {
          dirty.current = true;
          setSaveError(error);
          setStatus(isApiError(error, 409) && error.code === 'stale_draft' ? 'conflict' : 'error');
          return false;
        },
      )
      .finally(() => {
        saving.current = null;
      });
    saving.current = run;
    return run;
  }, [botId, queryClient]);

  // Autosave a moment after the last change (not over someone else's newer draft).
  // biome-ignore lint/correctness/useExhaustiveDependencies: each change of the bundle restarts the delay
  useEffect(() => {
    if (status !== 'pending') return;
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [status, bundle, save]);

  useUnsavedGuard(dirty, save);

  const update = useCallback((next: unknown) => {
    latest.current = next;
    dirty.current = true;
    setBundle(next);
    setStatus((current) => (current === 'conflict' ? current : 'pending'));
  }, []);

  const reload = useCallback(() => {
    dirty.current = false;
    adopt.current = true;
    setStatus('clean');
    setSaveError(null);
    return queryClient.invalidateQueries({ queryKey: draftKey(botId) });
  }, [botId, queryClient]);

  const channels = useMemo(() => (query.data?.channels ?? []).filter(isChannel), [query.data?.channels]);
  const checked = useDeferredValue(bundle);
  const validation = useMemo(
    () => (checked === undefined ? null : validateDraft(checked, channels)),
    [checked, channels],
  );
  const editable = useMemo(() => (bundle === undefined ? null : asEditable(bundle)), [bundle]);

  return {
    botId,
    view: query.data,
    loadError: query.error,
    bundle,
    editable,
    validation,
    channels,
    status,
    saveError,
    update,
    flush: save,
    reload,
  };
}

/** Saves what is pending when the page is left inside the app, and asks first when the tab is closed. */
function useUnsavedGuard(dirty: { readonly current: boolean }, save: () => Promise<boolean>) {
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (dirty.current) void save();
    };
  }, [dirty, save]);
}

/** Publishes the draft (saving what is pending first); the new revision's summary, or the error. */
export function usePublishDraft() {
  const draft = useDraft();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  /** The new revision; or null when the draft could not be saved or was refused (then in `error`). */
  const publish = async (): Promise<{ revision: RevisionSummary } | { error: unknown }> => {
    setPending(true);
    setError(null);
    try {
      // A draft that cannot be saved shows why on the bar already.
      if (!(await draft.flush())) return { error: null };
      const view = queryClient.getQueryData<DraftView>(draftKey(draft.botId));
      const body: PublishDraftBody = {
        version: view?.version ?? 0,
        ...(view?.current_revision ? { current_revision: view.current_revision } : {}),
      };
      const revision = await api.post<RevisionSummary>(`/api/bots/${draft.botId}/draft/publish`, body);
      await Promise.all([draft.reload(), queryClient.invalidateQueries({ queryKey: botKeys.all })]);
      return { revision };
    } catch (caught) {
      setError(caught);
      return { error: caught };
    } finally {
      setPending(false);
    }
  };

  const discard = async (): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      await api.delete<void>(`/api/bots/${draft.botId}/draft`);
      await draft.reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };

  return { publish, discard, pending, error, clearError: () => setError(null) };
}
