import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { setupBrowserApp, signedInPage } from './setup.js';

/**
 * A keyboard-only walk of the chatbot simulator (only `page.keyboard`): the focus never drops to the
 * body when the bot's answer replaces the option buttons, and each answer is announced in a live region.
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  await demoBotId(testDb.db);
});

/** The focused element as "test id: text" (or its tag name). */
function focused(page: Page): Promise<string> {
  // The root tsconfig has no DOM types: what runs in the page is written as an expression.
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    const id = el.getAttribute('data-testid');
    return id === 'sim-option' ? id + ': ' + el.textContent.trim() : (id ?? el.tagName);
  })()`);
}

const live = async (page: Page) => (await page.getByTestId('sim-live').textContent()) ?? '';
const lastBotText = async (page: Page) =>
  (await page.locator('[data-testid="sim-message"][data-from="bot"]').last().textContent()) ?? '';

/** Presses Tab (or Shift+Tab) until the focused element is `target` (see `focused`). */
async function tabTo(page: Page, target: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await focused(page)) === target) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target} (ended on ${await focused(page)})`);
}

describe('the chatbot simulator with the keyboard only', () => {
  it('moves the focus to the new options or the message box after each answer, and announces it', async () => {
    const page = await signedInPage(e2e, 'admin', { name: 'Kai Keyboard', width: 1280 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const id = await demoBotId(testDb.db);
    await page.goto(`${e2e.baseUrl}/chatbots/${id}/simulator`);
    await page.getByTestId('sim-input').waitFor();
    expect(await live(page)).toBe('');

    // Typing and Enter: the focus stays in the message box while the bot answers with options.
    await tabTo(page, 'sim-input');
    await page.keyboard.type('oi');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('The bot said: Olá! Eu sou a assistente');
    expect(await focused(page)).toBe('sim-input');

    // Back to the first option, Enter: its buttons are replaced, and the first new option has the focus.
    await tabTo(page, 'sim-option: 👍 Sim', 'Shift+Tab');
    const before = await live(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => lastBotText(page)).toBe('Sobre o que você quer conversar?');
    await expect.poll(() => focused(page)).toMatch(/^sim-option: /);
    const firstOption = (await page.getByTestId('sim-option').first().textContent()) ?? '';
    expect(await focused(page)).toBe(`sim-option: ${firstOption.trim()}`);
    expect(await live(page)).not.toBe(before);
    expect(await live(page)).toContain('Sobre o que você quer conversar?');

    // Space on another option; the answer offers none: the focus goes to the message box.
    await tabTo(page, 'sim-option: Deixar um recado');
    await page.keyboard.press('Space');
    await expect.poll(() => live(page)).toContain('Como você gostaria de ser chamada?');
    await expect.poll(() => focused(page)).toBe('sim-input');

    await page.keyboard.type('Ana');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('Obrigada, Ana!');
    expect(await focused(page)).toBe('sim-input');
    expect(problems).toEqual([]);
    await page.close();
  });
});
