import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../harness/db.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/**
 * The bot studio in Chromium at 1280×800: a questionnaire built in forms (never opening the JSON
 * editor), a code renamed with its relevance following, a draft with an error refused, the draft
 * published and walked in the simulator.
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

async function studioPage(): Promise<Page> {
  const { cookie } = await e2e.app.loginAs('admin', { name: 'Bia Builder' });
  const [name, value] = cookie.split('=');
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
  await context.addInitScript({ content: "localStorage.setItem('parley.language', 'en');" });
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: e2e.baseUrl }]);
  return context.newPage();
}

const form = (page: Page) => page.getByTestId('question-form');
const botBubbles = (page: Page) => page.locator('[data-testid="sim-message"][data-from="bot"]');
const lastBotText = async (page: Page) => (await botBubbles(page).last().textContent()) ?? '';

async function addQuestion(page: Page, type: string, text: string): Promise<void> {
  await page.getByTestId('add-question').click();
  await page.getByTestId(`add-question-${type}`).click();
  await form(page).getByTestId('question-text').fill(text);
}

async function fillOption(row: Locator, value: string, label: string): Promise<void> {
  await row.getByTestId('option-value').fill(value);
  await row.getByTestId('option-label').fill(label);
}

async function codes(page: Page): Promise<string[]> {
  return page
    .getByTestId('question-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-code') ?? ''));
}

/** The draft bar says everything is saved (autosave done). */
async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/^Draft saved/);
}

describe('the bot studio', () => {
  it('builds a questionnaire in forms, renames a code, refuses a draft with an error, publishes and walks it', {
    timeout: 180_000,
  }, async () => {
    const page = await studioPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/chatbots`);
    await page.getByTestId('create-bot').click();
    await page.getByTestId('bot-name').fill('Estúdio');
    await page.getByTestId('create-bot-submit').click();
    await page.getByTestId('draft-bar').waitFor();
    expect(await page.getByTestId('draft-status').textContent()).toBe(
      'Same as revision 1: edit to start a draft',
    );

    // A questionnaire, started by a button on the first message.
    await page.getByTestId('add-questionnaire').click();
    await page.getByTestId('new-questionnaire-name').fill('Triagem');
    await page.getByTestId('new-questionnaire-id').fill('triagem');
    await page.getByTestId('new-questionnaire-label').fill('Começar');
    await page.getByTestId('new-questionnaire-submit').click();
    await page.getByTestId('no-questions').waitFor();

    await addQuestion(page, 'onlychoice', 'Tudo bem com você?');
    await fillOption(form(page).getByTestId('option-row').first(), 'sim', 'Sim');
    await form(page).getByTestId('options-add').click();
    await fillOption(form(page).getByTestId('option-row').nth(1), 'nao', 'Não');
    await addQuestion(page, 'text', 'O que aconteceu?');
    await form(page).getByTestId('relevance-input').fill("P1 == 'nao'");
    await expect
      .poll(() => form(page).getByTestId('relevance-reading').textContent())
      .toBe('Shown when P1 is “nao”');
    expect(await form(page).getByTestId('relevance-code').allTextContents()).toEqual(['P1']);
    await addQuestion(page, 'displaytext', 'Obrigada por contar.');
    expect(await codes(page)).toEqual(['P1', 'P2', 'P3']);
    await saved(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-questionnaire.png') });

    // The code P2's relevance reads is linked: following it opens P1; renaming P1 rewrites P2's relevance.
    await page.getByTestId('question-select').nth(1).click();
    await form(page).getByTestId('relevance-code').click();
    expect(await form(page).getByTestId('question-code').inputValue()).toBe('P1');
    await form(page).getByTestId('rename-open').click();
    await form(page).getByTestId('rename-input').fill('HUMOR');
    await form(page).getByTestId('rename-submit').click();
    expect(await form(page).getByTestId('rename-outcome').textContent()).toContain(
      'Renamed P1 to HUMOR; 1 place that read it follows:questionnaires[0].questions[1].relevance',
    );
    await form(page).getByRole('button', { name: 'questionnaires[0].questions[1].relevance' }).click();
    expect(await form(page).getByTestId('relevance-input').inputValue()).toBe("HUMOR == 'nao'");
    expect(await codes(page)).toEqual(['HUMOR', 'P2', 'P3']);

    // A code another question has is refused, naming it.
    await form(page).getByTestId('rename-open').click();
    await form(page).getByTestId('rename-input').fill('HUMOR');
    await form(page).getByTestId('rename-submit').click();
    expect(await form(page).getByTestId('rename-outcome').textContent()).toContain(
      'Not renamed: another question',
    );
    await form(page).getByRole('button', { name: 'Cancel' }).click();

    // Keyboard: Alt+↑ moves a question (and says so), the buttons move it back.
    await page.getByTestId('question-select').nth(2).focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await codes(page)).toEqual(['HUMOR', 'P3', 'P2']);
    expect(await page.getByTestId('question-list-live').textContent()).toBe('P3 moved to position 2.');
    await page.getByRole('button', { name: 'Move P3 down' }).click();
    expect(await codes(page)).toEqual(['HUMOR', 'P2', 'P3']);
    // And by dragging.
    const items = page.getByTestId('question-item');
    await items.nth(2).dragTo(items.nth(0));
    expect(await codes(page)).toEqual(['P3', 'HUMOR', 'P2']);
    await items.nth(0).dragTo(items.nth(2));
    expect(await codes(page)).toEqual(['HUMOR', 'P2', 'P3']);

    // An error: shown where it is, counted on the bar, and the draft cannot be published.
    await page.getByTestId('question-select').nth(1).click();
    await form(page).getByTestId('relevance-input').fill("HUMOR = 'nao'");
    const error = await form(page).locator('.mantine-Textarea-error').first().textContent();
    expect(error).toBe('Error at 1:7: unexpected “=” (use “==” to compare)');
    expect(await form(page).getByTestId('relevance-marker').textContent()).toBe("HUMOR = 'nao'\n      ^");
    expect(await page.getByTestId('draft-problems').textContent()).toBe('1 problem');
    expect(await page.getByTestId('question-item').nth(1).textContent()).toContain('1 problem');
    expect(await page.getByTestId('draft-publish').isDisabled()).toBe(true);
    await saved(page);
    // The server refuses it too (the page's own session, from the test).
    const api = `${e2e.baseUrl}/api/bots/${new URL(page.url()).pathname.split('/')[2]}/draft`;
    const draft = (await (await page.request.get(api)).json()) as { version: number };
    const reply = await page.request.post(`${api}/publish`, { data: { version: draft.version } });
    const refused = { status: reply.status(), body: (await reply.json()) as { error: { details: unknown } } };
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ path: 'questionnaires[0].questions[1].relevance', code: 'relevance_syntax' }),
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-error.png') });
    await checkA11y(page, 'studio with an error');

    await form(page).getByTestId('relevance-input').fill("HUMOR == 'nao'");
    await saved(page);
    await page.getByTestId('draft-publish').click();
    await expect.poll(() => page.getByTestId('current-revision').textContent()).toBe('Revision 2');
    // The bot and its draft are two queries reloaded together: the draft's may come second.
    await expect
      .poll(() => page.getByTestId('draft-status').textContent())
      .toBe('Same as revision 2: edit to start a draft');

    // What revision 2 changed, on the Revisions tab.
    await page.getByTestId('tab-history').click();
    const diff = page.getByTestId('diff-view');
    await diff.waitFor();
    const added = await diff.getByTestId('diff-added').allTextContents();
    expect(added).toEqual(
      expect.arrayContaining([
        '+node_triagem (questionnaire)',
        '+“Começar” → node_triagem',
        '+triagem — Triagem',
      ]),
    );
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-diff.png') });
    await checkA11y(page, 'revision diff');

    // The published bot, walked in the simulator.
    await page.getByTestId('open-simulator').click();
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => lastBotText(page)).toBe('Olá!');
    await page.getByTestId('sim-option').filter({ hasText: 'Começar' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Tudo bem com você?');
    await page.getByTestId('sim-option').filter({ hasText: 'Não' }).click();
    await expect.poll(() => lastBotText(page)).toBe('O que aconteceu?');
    await page.getByTestId('sim-input').fill('Nada demais');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => lastBotText(page)).toBe('Obrigada por contar.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'studio-simulator.png') });

    await page.getByTestId('sim-restart').click();
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await page.getByTestId('sim-option').filter({ hasText: 'Começar' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Tudo bem com você?');
    await page.getByTestId('sim-option').filter({ hasText: 'Sim' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Obrigada por contar.');
    expect(await botBubbles(page).allTextContents()).not.toContain('O que aconteceu?');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
