import { useCallback, useEffect, useRef } from 'react';

/**
 * Time spent on each conversation, in milliseconds: it runs while the conversation is open and the
 * tab is visible, and keeps what was spent when the auditor moves away and comes back.
 */
export function useActiveTime(openId: number | null) {
  const spent = useRef(new Map<number, number>());
  /** The running stretch: which conversation and since when (`performance.now()`). */
  const running = useRef<{ id: number; since: number } | null>(null);

  const stop = useCallback(() => {
    const stretch = running.current;
    if (!stretch) return;
    running.current = null;
    spent.current.set(stretch.id, (spent.current.get(stretch.id) ?? 0) + performance.now() - stretch.since);
  }, []);

  useEffect(() => {
    if (openId === null) return;
    const start = () => {
      if (document.visibilityState === 'visible' && !running.current) {
        running.current = { id: openId, since: performance.now() };
      }
    };
    const onVisibilityChange = () => (document.visibilityState === 'visible' ? start() : stop());
    start();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      document.removeEventListener('visibilitychange', onVisibilityChange);
      stop();
    };
  }, [openId, stop]);

  /** Milliseconds spent on `id` so far, including the running stretch. */
  const read = useCallback((id: number) => {
    const stretch = running.current;
    const current = stretch?.id === id ? performance.now() - stretch.since : 0;
    return Math.round((spent.current.get(id) ?? 0) + current);
  }, []);

  return { read };
}
