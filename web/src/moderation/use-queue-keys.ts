import { useEffect, useLayoutEffect, useRef } from 'react';

/** The queue's keys: j/k move, Enter/o open, c claim, a/d/f agree/disagree/defer, r reopen. */
export type QueueKey = 'next' | 'previous' | 'open' | 'claim' | 'agree' | 'disagree' | 'defer' | 'reopen';

const KEYS: Record<string, QueueKey> = {
  j: 'next',
  k: 'previous',
  o: 'open',
  enter: 'open',
  c: 'claim',
  a: 'agree',
  d: 'disagree',
  f: 'defer',
  r: 'reopen',
};

const TEXT_ENTRY = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const POPUP = '[role="dialog"], [role="menu"], [role="listbox"]';
const INTERACTIVE = 'button, a[href], [role="button"], [role="link"], summary';

/** Like the audit screen: nothing fires while typing, in a popup, or with Ctrl, Cmd or Alt held. */
export function useQueueKeys(onKey: (key: QueueKey) => void) {
  const latest = useRef(onKey);
  useLayoutEffect(() => {
    latest.current = onKey;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey)
        return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TEXT_ENTRY) || target?.closest(POPUP)) return;
      const key = KEYS[event.key.toLowerCase()];
      if (!key) return;
      // Enter on a focused button or link keeps its own action.
      if (event.key === 'Enter' && target?.closest(INTERACTIVE)) return;
      event.preventDefault();
      latest.current(key);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
