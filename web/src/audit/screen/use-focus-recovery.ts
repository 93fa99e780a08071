import { type RefObject, useEffect, useRef } from 'react';

/** Focus is nowhere: on the body, or on an element that was just removed or disabled. */
export function focusLost(): boolean {
  const active = document.activeElement;
  return (
    active === null ||
    active === document.body ||
    !active.isConnected ||
    (active instanceof HTMLButtonElement && active.disabled)
  );
}

/**
 * Whether the keyboard was last working inside `root`. Actions there (submit, j/k, taking a batch)
 * replace the focused element, which drops the focus to the body; knowing this, the screen can put it
 * back where the work goes on, without grabbing the focus on a fresh page load.
 */
export function useFocusWithin(root: RefObject<HTMLElement | null>): RefObject<boolean> {
  const within = useRef(false);
  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      within.current = event.target instanceof Node && root.current?.contains(event.target) === true;
    };
    // Keys pressed with the focus nowhere (on a fresh load) work the screen's shortcuts too.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target === document.body) within.current = true;
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [root]);
  return within;
}
