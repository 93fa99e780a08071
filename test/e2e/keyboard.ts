import type { Page } from 'playwright-core';

/**
 * Where the keyboard focus is, for keyboard-only walks: `focused()` names the focused element by its
 * test id ('BODY' when focus was lost, the tag name when it has no test id; for the test ids in
 * `withText`, "test id: text"), and `tabTo` presses Tab (or Shift+Tab) until `focused()` is `target`.
 */
export function focusProbe(page: Page, withText: readonly string[] = []) {
  // The root tsconfig has no DOM types: what runs in the page is written as an expression.
  const focused = () =>
    page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'BODY';
      const id = el.getAttribute('data-testid');
      return ${JSON.stringify(withText)}.includes(id) ? id + ': ' + el.textContent.trim() : (id ?? el.tagName);
    })()`);
  const tabTo = async (target: string, key = 'Tab'): Promise<void> => {
    for (let i = 0; i < 60; i++) {
      if ((await focused()) === target) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached ${target} (ended on ${await focused()})`);
  };
  return { focused, tabTo };
}
