import { useCallback, useEffect, useRef, useState } from 'react';
import type { EditableBundle } from '../bundle-model.js';
import { useDraft } from '../draft-context.js';

/** Edits of the same field closer together than this are one step of undo (typing a word). */
const MERGE_WINDOW_MS = 1500;
/** Steps kept. */
const DEPTH = 100;

export interface UndoableDraft {
  /** The draft when the canvas can edit it. */
  readonly bundle: EditableBundle | null;
  /**
   * Replaces the draft (autosaved by the draft's controller) and remembers the one before for
   * undo. Changes with the same `mergeKey` in quick succession undo together.
   */
  change(next: EditableBundle, mergeKey?: string): void;
  undo(): void;
  redo(): void;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/**
 * Undo and redo over the bot's draft, for the flow canvas: the draft itself is the shared one
 * (draft-context: the same autosave as the questionnaire editor and the JSON editor); this keeps
 * the drafts before and after the canvas's own edits. A draft changed elsewhere (reloaded,
 * published, discarded) starts the history afresh: undoing must never bring back what someone
 * else replaced.
 */
export function useUndoableDraft(): UndoableDraft {
  const draft = useDraft();
  const [past, setPast] = useState<readonly EditableBundle[]>([]);
  const [future, setFuture] = useState<readonly EditableBundle[]>([]);
  const last = useRef<{ bundle: unknown; key: string | null; at: number }>({
    bundle: draft.bundle,
    key: null,
    at: 0,
  });

  useEffect(() => {
    if (draft.bundle === last.current.bundle) return;
    last.current = { bundle: draft.bundle, key: null, at: 0 };
    setPast([]);
    setFuture([]);
  }, [draft.bundle]);

  const { editable, update } = draft;
  const change = useCallback(
    (next: EditableBundle, mergeKey?: string) => {
      if (!editable) return;
      const now = Date.now();
      const merge =
        mergeKey !== undefined && mergeKey === last.current.key && now - last.current.at < MERGE_WINDOW_MS;
      if (!merge) setPast((list) => [...list.slice(-(DEPTH - 1)), editable]);
      setFuture([]);
      last.current = { bundle: next, key: mergeKey ?? null, at: now };
      update(next);
    },
    [editable, update],
  );

  const step = useCallback(
    (from: readonly EditableBundle[], setFrom: typeof setPast, setTo: typeof setPast) => {
      const target = from.at(-1);
      if (!target || !editable) return;
      setFrom(from.slice(0, -1));
      setTo((list) => [...list, editable]);
      last.current = { bundle: target, key: null, at: 0 };
      update(target);
    },
    [editable, update],
  );

  return {
    bundle: editable,
    change,
    undo: () => step(past, setPast, setFuture),
    redo: () => step(future, setFuture, setPast),
    canUndo: past.length > 0,
    canRedo: future.length > 0,
  };
}
