import { useEffect, useLayoutEffect, useRef } from 'react';

export interface AuditShortcutHandlers {
  /** `1`–`9`: the rubric item at this 0-based index. */
  toggle: (index: number) => void;
  /** `n` */
  focusNote: () => void;
  /** `Enter` */
  submit: () => void;
  /** `j` */
  next: () => void;
  /** `k` */
  previous: () => void;
  /** `?` */
  help: () => void;
}

/** Marks elements on which `Enter` submits the audit instead of its usual action (rubric toggles, submit). */
export const ENTER_SUBMITS = { 'data-enter-submits': true } as const;

const TEXT_ENTRY = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
// Open popups (the help itself, menus, the language list) keep their keys.
const POPUP = '[role="dialog"], [role="menu"], [role="listbox"]';
const INTERACTIVE = 'button, a[href], [role="button"], [role="link"], summary';

/**
 * The audit screen's keys, on the whole window. None fires while typing in a field (the note handles
 * its own Escape and Ctrl/Cmd+Enter) or with Ctrl, Cmd or Alt held, so browser shortcuts keep working.
 * `Enter` on a focused button or link keeps its usual action, except on elements marked `ENTER_SUBMITS`.
 */
export function useAuditShortcuts(handlers: AuditShortcutHandlers) {
  // The listener is bound once; it always calls the latest handlers.
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey)
        return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TEXT_ENTRY)) return;
      const on = latest.current;
      const key = event.key;
      // `?` also closes the help, which holds the focus while open.
      if (key === '?') {
        event.preventDefault();
        on.help();
        return;
      }
      if (target?.closest(POPUP)) return;

      if (key === 'Enter') {
        if (event.repeat) return;
        if (target?.closest(INTERACTIVE) && !target.closest('[data-enter-submits]')) return;
        event.preventDefault();
        on.submit();
      } else if (key >= '1' && key <= '9' && key.length === 1) {
        event.preventDefault();
        on.toggle(Number(key) - 1);
      } else {
        // Caps Lock (or Shift) does not matter.
        const letter = key.length === 1 ? key.toLowerCase() : '';
        if (letter === 'n') {
          // Without this, the `n` itself would be typed into the note that just got the focus.
          event.preventDefault();
          on.focusNote();
        } else if (letter === 'j') {
          event.preventDefault();
          on.next();
        } else if (letter === 'k') {
          event.preventDefault();
          on.previous();
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
