import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoBotConversations } from '../../src/chatbot/index.js';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/**
 * The bot's flow canvas in Chromium at 1280×800: a new bot's welcome message with two buttons built
 * on the canvas, one to a questionnaire whose three questions (one with a relevance rule) are
 * written in the questionnaire editor — never the JSON editor; a button left leading nowhere marked
 * on its node and blocking Publish, undone and redone from the keyboard; published and walked in
 * the simulator. And the demo bot's drop-off numbers on its boxes and in the questionnaire list,
 * equal to the built-in report's on the demo data set, for the period and tag chosen on either tab.
 */
const testDb = setupTestDatabase();
let demoId = 0;
const e2e = setupBrowserApp(testDb, async (app) => {
  // The built-in report runs on the test's database.
  app.deps.databaseUrl = testDb.url;
  demoId = await demoBotId(testDb.db);
  // The demo data set's conversations of the demo bot, as a fresh install has them.
  await seedDemoBotConversations(testDb.db, new Date());
});

async function studioPage(): Promise<Page> {
  const { cookie } = await e2e.app.loginAs('admin', { name: 'Flávia Fluxo' });
  const [name, value] = cookie.split('=');
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en' });
  await context.addInitScript({ content: "localStorage.setItem('parley.language', 'en');" });
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: e2e.baseUrl }]);
  return context.newPage();
}

/** A node's (or questionnaire's) box; a red box for a missing target has its code too. */
const box = (page: Page, code: string): Locator =>
  page.locator(`[data-testid="flow-box"][data-code="${code}"]:not([data-kind="missing"])`);
const inspector = (page: Page) => page.getByTestId('flow-inspector');

async function saved(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/^Draft saved/);
}

/** The API as an admin, from the test's side (the same server the page talks to). */
async function api(method: 'GET' | 'POST', url: string, payload?: object) {
  const { cookie } = await e2e.app.loginAs('admin');
  return e2e.app.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

const form = (page: Page) => page.getByTestId('question-form');
const lastBotText = async (page: Page) =>
  (await page.locator('[data-testid="sim-message"][data-from="bot"]').last().textContent()) ?? '';

/** A question added in the questionnaire editor (its own test ids: test/e2e/bot-studio.test.ts). */
async function addQuestion(page: Page, type: string, text: string): Promise<void> {
  await page.getByTestId('add-question').click();
  await page.getByTestId(`add-question-${type}`).click();
  await form(page).getByTestId('question-text').fill(text);
}

async function fillOption(row: Locator, value: string, label: string): Promise<void> {
  await row.getByTestId('option-value').fill(value);
  await row.getByTestId('option-label').fill(label);
}

async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the flow canvas', () => {
  it('builds a bot from nothing: a welcome with two buttons, one to a three-question questionnaire; a button to nowhere refused; undo; publish; the simulator', {
    timeout: 180_000,
  }, async () => {
    const page = await studioPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/chatbots`);
    await page.getByTestId('create-bot').click();
    await page.getByTestId('bot-name').fill('Fluxo');
    await page.getByTestId('create-bot-submit').click();
    await page.getByTestId('tab-flow').click();
    await box(page, 'node_start').waitFor();
    expect(await box(page, 'node_start').getByTestId('role-entry').count()).toBe(1);
    expect(await box(page, 'node_start').getByTestId('role-end').count()).toBe(1);

    // The welcome message.
    await box(page, 'node_start').click();
    await inspector(page).getByTestId('node-message').fill('Bem-vinda! Quer responder três perguntas?');
    // A hand-over to a new questionnaire.
    await page.getByTestId('flow-add-handover').click();
    await expect.poll(() => inspector(page).getByTestId('node-code').inputValue()).toBe('node_2');
    // It starts no questionnaire yet; once it does, nothing leads to it yet.
    const handOverIssues = box(page, 'node_2').getByTestId('node-issues');
    expect(await handOverIssues.textContent()).toBe('1 problem: must not be empty');
    await inspector(page).getByTestId('new-questionnaire-name').fill('Triagem');
    await inspector(page).getByTestId('new-questionnaire-create').click();
    await box(page, 'q1').waitFor();
    await expect
      .poll(() => handOverIssues.textContent())
      .toBe('1 problem: node “node_2” cannot be reached from the entry or the welcome-back node');

    // Its three questions, one shown by a relevance rule, in the questionnaire editor.
    await inspector(page).getByTestId('handover-questionnaire').waitFor();
    await page.getByTestId('tab-questionnaires').click();
    await addQuestion(page, 'onlychoice', 'Tudo bem com você?');
    await fillOption(form(page).getByTestId('option-row').first(), 'sim', 'Sim');
    await form(page).getByTestId('options-add').click();
    await fillOption(form(page).getByTestId('option-row').nth(1), 'nao', 'Não');
    await addQuestion(page, 'text', 'O que aconteceu?');
    await form(page).getByTestId('relevance-input').fill("P1 == 'nao'");
    await addQuestion(page, 'displaytext', 'Obrigada por contar.');
    await page.getByTestId('tab-flow').click();
    await expect
      .poll(() =>
        box(page, 'q1')
          .getByTestId('box-question')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code'))),
      )
      .toEqual(['P1', 'P2', 'P3']);

    // Two buttons on the welcome: one to the hand-over, one to a new message made from the list.
    await box(page, 'node_start').click();
    await inspector(page).getByTestId('add-reply').click();
    await inspector(page).getByTestId('reply-label').nth(0).fill('Sim, vamos');
    await chooseOption(page, inspector(page).getByTestId('reply-target').nth(0), 'node_2');
    await inspector(page).getByTestId('add-reply').click();
    await inspector(page).getByTestId('reply-label').nth(1).fill('Agora não');
    await chooseOption(page, inspector(page).getByTestId('reply-target').nth(1), 'A new message');
    await box(page, 'node_3').click();
    // Backspace in a field of the form edits the field, never deletes the box.
    await inspector(page).getByTestId('node-message').fill('Tudo bem! Até a próxima.!');
    await inspector(page).getByTestId('node-message').press('Backspace');
    expect(await inspector(page).getByTestId('node-message').inputValue()).toBe('Tudo bem! Até a próxima.');
    expect(await box(page, 'node_3').count()).toBe(1);
    await expect.poll(() => handOverIssues.count()).toBe(0);
    await expect
      .poll(() => box(page, 'node_start').getByTestId('box-reply').allTextContents())
      .toEqual(['Sim, vamos', 'Agora não']);
    expect(await page.locator('.react-flow__edge').count()).toBe(5);
    await saved(page);
    expect(await page.getByTestId('draft-publish').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'flow-built.png') });

    // Keyboard: the focus on node_3's box (as Tab reaches it), Enter picks it, Delete deletes it — the button to it now
    // leads nowhere: marked on its node, a red box, counted, and Publish refused.
    const node3 = page.locator('.react-flow__node', { has: box(page, 'node_3') });
    await node3.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => inspector(page).getByTestId('node-code').inputValue()).toBe('node_3');
    // Picking a box leaves the focus on it.
    expect(await node3.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Delete');
    await box(page, 'node_3').waitFor({ state: 'detached' });
    const issues = box(page, 'node_start').getByTestId('node-issues');
    await expect
      .poll(() => issues.textContent())
      .toBe('1 problem: the button leads to “node_3”, which is not a node');
    expect(await page.locator('[data-testid="flow-box"][data-kind="missing"]').textContent()).toBe(
      'No node “node_3”',
    );
    expect(await page.getByTestId('draft-problems').textContent()).toBe('1 problem');
    expect(await page.getByTestId('draft-publish').isDisabled()).toBe(true);
    await saved(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'flow-error.png') });
    await checkA11y(page, 'flow canvas with an error');

    // Undo (Ctrl+Z) brings it back, redo deletes it again, undo once more; Publish makes revision 2.
    await page.keyboard.press('Control+z');
    await box(page, 'node_3').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await box(page, 'node_3').waitFor({ state: 'detached' });
    await page.getByTestId('flow-undo').click();
    await box(page, 'node_3').waitFor();
    // A button's edge, picked from the keyboard and deleted, takes the button with it; undone.
    const edge = page.locator('.react-flow__edge[data-id="r0.1"]');
    await edge.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    const replies = box(page, 'node_start').getByTestId('box-reply');
    await expect.poll(() => replies.allTextContents()).toEqual(['Sim, vamos']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => replies.allTextContents()).toEqual(['Sim, vamos', 'Agora não']);
    await expect.poll(() => page.getByTestId('draft-problems').count()).toBe(0);
    await saved(page);
    await page.getByTestId('draft-publish').click();
    await expect.poll(() => page.getByTestId('current-revision').textContent()).toBe('Revision 2');
    const botId = new URL(page.url()).pathname.split('/')[2];
    const { bundle } = (await api('GET', `/api/bots/${botId}/revisions/2`)).json();
    expect(bundle.bot.nodes).toEqual([
      {
        code: 'node_start',
        type: 'text_message',
        messages: ['Bem-vinda! Quer responder três perguntas?'],
        quick_replies: [
          { label: 'Sim, vamos', metadata: 'node_2' },
          { label: 'Agora não', metadata: 'node_3' },
        ],
        attachment: null,
      },
      { code: 'node_2', type: 'questionnaire', questionnaire_id: 'q1' },
      {
        code: 'node_3',
        type: 'text_message',
        messages: ['Tudo bem! Até a próxima.'],
        quick_replies: [],
        attachment: null,
      },
    ]);
    expect(bundle.questionnaires[0].questions.map((q: { code: string }) => q.code)).toEqual([
      'P1',
      'P2',
      'P3',
    ]);

    // The published bot, walked in the simulator: the welcome's two buttons, the questionnaire.
    await page.getByTestId('open-simulator').click();
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await expect.poll(() => lastBotText(page)).toBe('Bem-vinda! Quer responder três perguntas?');
    expect(await page.getByTestId('sim-option').allTextContents()).toEqual(['1. Sim, vamos', '2. Agora não']);
    await page.getByTestId('sim-option').filter({ hasText: 'Sim, vamos' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Tudo bem com você?');
    await page.getByTestId('sim-option').filter({ hasText: 'Não' }).click();
    await expect.poll(() => lastBotText(page)).toBe('O que aconteceu?');
    await page.getByTestId('sim-restart').click();
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    await page.getByTestId('sim-option').filter({ hasText: 'Agora não' }).click();
    await expect.poll(() => lastBotText(page)).toBe('Tudo bem! Até a próxima.');
    expect(problems).toEqual([]);
  });

  it("shows the demo bot's drop-off numbers on its boxes, the same as the built-in report's", {
    timeout: 120_000,
  }, async () => {
    const page = await studioPage();
    await page.goto(`${e2e.baseUrl}/chatbots/${demoId}?tab=flow`);
    await box(page, 'node_tos').getByTestId('node-numbers').waitFor();
    const reply = await api('POST', '/api/reports/chatbot-drop-off/run', {
      params: { bot_id: String(demoId) },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const report = reply.json() as { columns: { name: string }[]; rows: unknown[][] };
    const names = report.columns.map((c) => c.name);
    const rows: Record<string, unknown>[] = report.rows.map((row) =>
      Object.fromEntries(names.map((n, i) => [n, row[i]])),
    );
    const keys = ['reached', 'went_on', 'gave_up', 'timed_out', 'still_there'] as const;
    let compared = 0;
    for (const code of ['node_tos', 'node_tos_refused', 'node_tos_accepted', 'node_welcome_back']) {
      const row = rows.find((r) => r.step === code);
      const shown = await Promise.all(
        keys.map(async (key) =>
          Number(await box(page, code).getByTestId(`n-${key}`).getAttribute('data-value')),
        ),
      );
      expect(shown, code).toEqual(keys.map((key) => Number(row?.[key] ?? 0)));
      expect(shown[0], code).toBe(shown.slice(1).reduce((a, b) => a + b, 0));
      if (row) compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    // Per question, in the questionnaire's box and in its form.
    const p1 = rows.find((r) => r.step === 'P1');
    await box(page, 'demo').click();
    const p1Row = inspector(page).locator('[data-testid="numbers-row"][data-code="P1"]');
    expect(await p1Row.getByTestId('numbers-reached').textContent()).toBe(String(p1?.reached));
    expect(await p1Row.getByTestId('numbers-gave_up').textContent()).toBe(String(p1?.gave_up));
    expect(
      await page
        .locator('[data-testid="node-biggest"], [data-testid="box-question"][data-biggest="true"]')
        .count(),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('drop-off-total').textContent()).toMatch(/^\d+ conversations$/);

    // It fits at 1280×800: the canvas and the form side by side.
    const form = await inspector(page).boundingBox();
    const canvas = await page.getByTestId('flow-canvas').boundingBox();
    expect((form?.x ?? 0) + (form?.width ?? 0)).toBeLessThanOrEqual(1280);
    expect((canvas?.x ?? 0) + (canvas?.width ?? 0)).toBeLessThanOrEqual(form?.x ?? 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'flow-drop-off.png') });
    await checkA11y(page, 'flow canvas with drop-off numbers');
    const canvasBiggest = await box(page, 'demo')
      .locator('[data-testid="box-question"][data-biggest="true"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code')));

    // The questionnaire editor's list: every question's numbers are the report's, the same ones
    // marked as on the canvas.
    await page.getByTestId('tab-questionnaires').click();
    const items = page.getByTestId('question-item');
    await items.first().getByTestId('node-numbers').waitFor();
    const codes = await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-code') ?? ''));
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) {
      const item = page.locator(`[data-testid="question-item"][data-code="${code}"]`);
      const shown = await Promise.all(
        keys.map(async (key) => Number(await item.getByTestId(`n-${key}`).getAttribute('data-value'))),
      );
      const row = rows.find((r) => r.step === code);
      expect(shown, code).toEqual(keys.map((key) => Number(row?.[key] ?? 0)));
    }
    expect(await items.first().getByTestId('n-reached').textContent()).toBe(`${p1?.reached} reached`);
    const listBiggest = await page
      .locator('[data-testid="question-item"][data-biggest="true"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
    expect(listBiggest).toEqual(canvasBiggest.filter((code) => codes.includes(code ?? '')));
    for (const code of listBiggest) {
      const item = page.locator(`[data-testid="question-item"][data-code="${code}"]`);
      expect(await item.getByTestId('node-biggest').textContent()).toBe('Big drop-off');
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'questionnaire-drop-off.png') });
    await checkA11y(page, 'questionnaire list with drop-off numbers');

    // A period with nobody, chosen on the list: zeros there, and the canvas has the same period.
    await page.getByTestId('drop-off-from').fill('2999-01-01');
    await expect.poll(() => items.first().getByTestId('n-reached').getAttribute('data-value')).toBe('0');
    await page.getByTestId('tab-flow').click();
    expect(await page.getByTestId('drop-off-from').inputValue()).toBe('2999-01-01');
    await expect
      .poll(() => box(page, 'node_tos').getByTestId('n-reached').getAttribute('data-value'))
      .toBe('0');
  });
});
