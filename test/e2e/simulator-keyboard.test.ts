import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { focusProbe } from './keyboard.js';
import { setupBrowserApp, signedInPage } from './setup.js';

/**
 * A keyboard-only walk of the chatbot simulator (only `page.keyboard`): the focus never drops to the
 * body when the bot's answer replaces the option buttons, and each answer is announced in a live region.
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  await demoBotId(testDb.db);
});

const live = async (page: Page) => (await page.getByTestId('sim-live').textContent()) ?? '';
const lastBotText = async (page: Page) =>
  (await page.locator('[data-testid="sim-message"][data-from="bot"]').last().textContent()) ?? '';

describe('the chatbot simulator with the keyboard only', () => {
  it('moves the focus to the new options or the message box after each answer, and announces it', async () => {
    const page = await signedInPage(e2e, 'admin', { name: 'Kai Keyboard', width: 1280 });
    const { focused, tabTo } = focusProbe(page, ['sim-option']);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const id = await demoBotId(testDb.db);
    await page.goto(`${e2e.baseUrl}/chatbots/${id}/simulator`);
    await page.getByTestId('sim-input').waitFor();
    expect(await live(page)).toBe('');

    // Typing and Enter: the focus stays in the message box while the bot answers with options.
    await tabTo('sim-input');
    await page.keyboard.type('oi');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('The bot said: Olá! Eu sou a assistente');
    expect(await focused()).toBe('sim-input');

    // Back to the first option, Enter: its buttons are replaced, and the first new option has the focus.
    await tabTo('sim-option: 1. 👍 Sim', 'Shift+Tab');
    const before = await live(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => lastBotText(page)).toBe('Sobre o que você quer conversar?');
    await expect.poll(() => focused()).toMatch(/^sim-option: /);
    const firstOption = (await page.getByTestId('sim-option').first().textContent()) ?? '';
    expect(await focused()).toBe(`sim-option: ${firstOption.trim()}`);
    expect(await live(page)).not.toBe(before);
    expect(await live(page)).toContain('Sobre o que você quer conversar?');

    // Space on another option; the answer offers none: the focus goes to the message box.
    await tabTo('sim-option: 4. Deixar um recado');
    await page.keyboard.press('Space');
    await expect.poll(() => live(page)).toContain('Como você gostaria de ser chamada?');
    await expect.poll(() => focused()).toBe('sim-input');

    await page.keyboard.type('Ana');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('Obrigada, Ana!');
    expect(await focused()).toBe('sim-input');
    expect(problems).toEqual([]);
    await page.close();
  });
});
