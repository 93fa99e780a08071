import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedDropOffWalks } from '../harness/drop-off-walks.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/**
 * The bot's flow canvas in Chromium at 1280×800: a welcome message with two buttons built on the
 * canvas (one to a questionnaire), a button left leading nowhere marked on its node and blocking
 * Publish, undone from the keyboard, published; and the demo bot's drop-off numbers on its boxes,
 * equal to the built-in report's.
 */
const testDb = setupTestDatabase();
let demoId = 0;
const e2e = setupBrowserApp(testDb, async (app) => {
  // The built-in report runs on the test's database.
  app.deps.databaseUrl = testDb.url;
  demoId = await demoBotId(testDb.db);
  await seedDropOffWalks(testDb.db, demoId, {
    users: 40,
    seed: 7,
    days: ['2026-11-01', '2026-11-02', '2026-11-04'],
  });
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

async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the flow canvas', () => {
  it('builds a welcome with two buttons, marks a button to nowhere, refuses to publish, undoes and publishes', {
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

    // Two buttons on the welcome: one to the hand-over, one to a new message made from the list.
    await box(page, 'node_start').click();
    await inspector(page).getByTestId('add-reply').click();
    await inspector(page).getByTestId('reply-label').nth(0).fill('Sim, vamos');
    await chooseOption(page, inspector(page).getByTestId('reply-target').nth(0), 'node_2');
    await inspector(page).getByTestId('add-reply').click();
    await inspector(page).getByTestId('reply-label').nth(1).fill('Agora não');
    await chooseOption(page, inspector(page).getByTestId('reply-target').nth(1), 'A new message');
    await box(page, 'node_3').click();
    await inspector(page).getByTestId('node-message').fill('Tudo bem! Até a próxima.');
    await expect.poll(() => handOverIssues.count()).toBe(0);
    await expect
      .poll(() => box(page, 'node_start').getByTestId('box-reply').allTextContents())
      .toEqual(['Sim, vamos', 'Agora não']);
    expect(await page.locator('.react-flow__edge').count()).toBe(5);
    await saved(page);
    expect(await page.getByTestId('draft-publish').isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'flow-built.png') });

    // Keyboard: Tab onto node_3's box, Enter picks it, Delete deletes it — the button to it now
    // leads nowhere: marked on its node, a red box, counted, and Publish refused.
    const node3 = page.locator('.react-flow__node', { has: box(page, 'node_3') });
    await node3.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => inspector(page).getByTestId('node-code').inputValue()).toBe('node_3');
    await node3.focus();
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

    // Undo (Ctrl+Z) brings it back; Publish makes revision 2 from the canvas's draft.
    await page.keyboard.press('Control+z');
    await box(page, 'node_3').waitFor();
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

    // A period with nobody: the boxes show zeros.
    await page.getByTestId('drop-off-from').fill('2027-01-01');
    await expect
      .poll(() => box(page, 'node_tos').getByTestId('n-reached').getAttribute('data-value'))
      .toBe('0');
  });
});
