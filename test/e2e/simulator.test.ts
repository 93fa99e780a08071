import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** The chatbot pages and the simulator in Chromium against a real server and database. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  await demoBotId(testDb.db);
});

async function signedInPage(): Promise<Page> {
  const { cookie } = await e2e.app.loginAs('admin', { name: 'Sam Simulator' });
  const [name, value] = cookie.split('=');
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: e2e.baseUrl }]);
  return context.newPage();
}

const botBubbles = (page: Page) => page.locator('[data-testid="sim-message"][data-from="bot"]');

async function lastBotText(page: Page): Promise<string> {
  return (await botBubbles(page).last().textContent()) ?? '';
}

describe('the chatbot simulator page', () => {
  it('finds the demo bot, shows its questionnaire, and chats with it in bubbles and buttons', async () => {
    const page = await signedInPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/chatbots`);
    await page.getByTestId('bots-table').getByRole('link', { name: 'Demonstração' }).click();
    await page.getByTestId('question-list').waitFor();
    await page
      .locator('[data-testid="question-item"][data-code="P2a"]')
      .getByTestId('question-select')
      .click();
    expect(await page.getByTestId('relevance-input').inputValue()).toBe('P1==_self');
    expect(await page.getByTestId('relevance-reading').textContent()).toBe('Shown when P1 is “P2a”');
    expect(await page.getByTestId('current-revision').textContent()).toBe('Revision 1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'bot-page.png'), fullPage: false });

    await page.getByTestId('open-simulator').click();
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await expect
      .poll(() => lastBotText(page))
      .toContain('Olá! Eu sou a assistente de demonstração do Parley.');
    expect(await page.getByTestId('sim-option').allTextContents()).toEqual(['1. 👍 Sim', '2. 👎 Não']);

    await page.getByTestId('sim-option').filter({ hasText: '👍 Sim' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Sobre o que você quer conversar?');
    expect(await botBubbles(page).count()).toBe(4);
    await page.getByTestId('sim-option').filter({ hasText: 'Deixar um recado' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Como você gostaria de ser chamada?');

    // What people type is text, never markup: in their bubble and in the bot's reply that quotes it.
    const hostile = '<img src=x onerror="window.__pwned=1"><b>Ana</b>';
    await page.getByTestId('sim-input').fill(hostile);
    await page.getByTestId('sim-input').press('Enter');
    await expect.poll(() => lastBotText(page)).toBe(`Obrigada, ${hostile}! Qual é o seu recado?`);
    const transcript = page.getByTestId('sim-transcript');
    expect(await transcript.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    const userBubbles = await page.locator('[data-testid="sim-message"][data-from="user"]').allTextContents();
    expect(userBubbles).toEqual(['oi', '👍 Sim', 'Deixar um recado', hostile]);

    await page.getByTestId('sim-input').fill('Preciso de ajuda');
    await page.getByTestId('sim-send').click();
    await expect
      .poll(() => lastBotText(page))
      .toBe('Obrigada pela conversa! Se precisar, é só escrever de novo.');
    expect(await page.getByTestId('sim-option').allTextContents()).toEqual(['1. 🔃 Voltar ao início']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('moves the simulated clock so the timeout fires, and starts over', async () => {
    const page = await signedInPage();
    const id = await demoBotId(testDb.db);
    await page.goto(`${e2e.baseUrl}/chatbots/${id}/simulator`);
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => botBubbles(page).count()).toBe(1);
    await page.getByTestId('sim-option').filter({ hasText: '👍 Sim' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Sobre o que você quer conversar?');

    await page.getByTestId('sim-wait-seconds').fill('90000');
    await page.getByTestId('sim-wait').click();
    await expect
      .poll(() => lastBotText(page))
      .toBe('Vamos nos falar mais tarde! Quando quiser, é só mandar uma mensagem.');
    expect(await page.getByTestId('sim-note').allTextContents()).toEqual([
      'The clock moved 90000 seconds forward.',
    ]);

    await page.getByTestId('sim-restart').click();
    await expect.poll(() => page.getByTestId('sim-message').count()).toBe(0);
    await page.getByTestId('sim-input').fill('2');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => lastBotText(page)).toContain('Olá! Eu sou a assistente');
    await page.close();
  });

  it('shows every problem of a JSON edit of the draft with its line, and the draft cannot be published', async () => {
    const page = await signedInPage();
    const id = await demoBotId(testDb.db);
    await page.goto(`${e2e.baseUrl}/chatbots/${id}`);
    await page.getByTestId('tab-editor').click();
    const editor = page.getByTestId('bundle-editor');
    const text = await editor.inputValue();
    await editor.fill(
      text.replace('"entry": "node_tos"', '"entry": "node_nowhere"').replace('"P1==_self"', '"P1 = 1"'),
    );
    const errors = page.getByTestId('editor-errors').getByTestId('issue');
    await expect.poll(() => errors.count()).toBe(4);
    expect((await errors.allTextContents()).map((line) => line.replace(/ — .*/, ''))).toEqual([
      expect.stringMatching(/^line \d+: questionnaires\[0\]\.questions\[1\]\.relevance$/),
      'line 3: bot.entry',
      expect.stringMatching(/^line \d+: bot\.nodes\[0\]$/),
      expect.stringMatching(/^line \d+: bot\.nodes\[2\]$/),
    ]);
    expect(await errors.first().textContent()).toContain(
      'relevance syntax error at 1:4: unexpected “=” (use “==” to compare)',
    );
    expect(await page.getByTestId('draft-problems').textContent()).toBe('4 problems');
    expect(await page.getByTestId('draft-publish').isDisabled()).toBe(true);
    await page.close();
  });
});
