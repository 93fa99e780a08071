import { Kbd } from '@mantine/core';

/**
 * A key shown on a button. Hidden from assistive technology, which gets the key from the button's
 * `aria-keyshortcuts` instead, so that the button's name stays its label.
 */
export function KeyHint({ children }: { children: string }) {
  return (
    <Kbd size="xs" aria-hidden>
      {children}
    </Kbd>
  );
}
