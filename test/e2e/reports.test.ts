import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { penhasBotId, TestChat } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedFlagHistory } from '../harness/moderation-reports.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** A moderator runs a built-in report for a date range and sees its table and its chart. */
const testDb = setupTestDatabase();
const T0 = new Date('2026-03-02T09:00:00Z');
const e2e = setupBrowserApp(testDb, async (app) => {
  app.deps.databaseUrl = testDb.url;
  const botId = await penhasBotId(testDb.db);
  const deps = TestChat.deps(testDb.db);
  for (const [i, who] of ['a', 'b', 'c'].entries()) {
    const chat = new TestChat(deps, botId, `twitter-${who}`, new Date(T0.getTime() + i * 60_000), 'twitter');
    await chat.say('oi');
    if (who !== 'c') await chat.press('👍 Sim');
  }
  await seedFlagHistory(testDb.db);
});

describe('reports in the browser', () => {
  it('runs the chatbot funnel for a date range: table, chart, parameters in the URL', async () => {
    const page = await signedInPage(e2e, 'moderator');
    await page.goto(`${e2e.baseUrl}/reports`);
    await page.getByTestId('reports-list').waitFor();
    await page.getByTestId('reports-search').fill('funnel');
    await page.getByRole('link', { name: 'Chatbot funnel' }).click();
    await page.getByTestId('report-page').waitFor();

    await page.getByTestId('param-start_date').fill('2026-03-01');
    await page.getByTestId('param-end_date').fill('2026-03-31');
    await expect.poll(() => new URL(page.url()).searchParams.get('start_date')).toBe('2026-03-01');
    await page.getByTestId('report-run').click();
    const table = page.getByTestId('report-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toBe('all33');
    expect((await table.locator('thead th').allTextContents()).map((s) => s.trim())).toEqual([
      'stage',
      'users',
      'conversations',
    ]);

    await page.getByText('Chart', { exact: true }).click();
    const chart = page.getByTestId('report-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('data-chart')).toBe('bar');
    await chart.locator('svg').first().waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('chart');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-chart.png'), fullPage: true });

    // The URL holds the parameters, the view and `run=1`: opened again, it shows the same run.
    await page.reload();
    await page.getByTestId('report-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('param-start_date').inputValue()).toBe('2026-03-01');

    // Outside the range: no conversations.
    await page.getByText('Table', { exact: true }).click();
    await page.getByTestId('param-start_date').fill('2026-04-01');
    await page.getByTestId('param-end_date').fill('2026-04-30');
    await page.getByTestId('report-run').click();
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toBe('all00');
  });

  it('runs Flag Status for a date range: every flag of the period in a table, then a chart', async () => {
    const page = await signedInPage(e2e, 'moderator');
    await page.goto(`${e2e.baseUrl}/reports`);
    await page.getByTestId('reports-list').waitFor();
    await page.getByTestId('reports-search').fill('flag status');
    await page.getByRole('link', { name: 'Flag Status' }).click();
    await page.getByTestId('report-page').waitFor();

    await page.getByTestId('param-start_date').fill('2026-11-01');
    await page.getByTestId('param-end_date').fill('2026-11-30');
    await page.getByTestId('report-run').click();
    const table = page.getByTestId('report-table');
    await table.waitFor();
    const firstCells = () => table.locator('tbody tr td:first-child').allTextContents();
    await expect.poll(firstCells).toEqual(['inappropriate', 'doxxing', 'spam', 'inappropriate']);
    expect((await table.locator('thead th').allTextContents()).map((s) => s.trim())).toEqual([
      'type',
      'flagged_message_id',
      'texter_user_id',
      'flagger_user_id',
      'flag_created',
      'resolution',
      'assigned_user_id',
      'resolution_time (minutes)',
    ]);
    expect(await table.locator('tbody tr').first().locator('td').last().textContent()).toBe('90.00');

    await page.getByText('Chart', { exact: true }).click();
    const chart = page.getByTestId('report-chart');
    await chart.waitFor();
    // A time column and numbers: resolution minutes over the days flags were created.
    expect(await chart.getAttribute('data-chart')).toBe('line');
    await chart.locator('svg').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-flag-status.png'), fullPage: true });

    // December holds one flag, still pending.
    await page.getByText('Table', { exact: true }).click();
    await page.getByTestId('param-start_date').fill('2026-12-01');
    await page.getByTestId('param-end_date').fill('2026-12-31');
    await page.getByTestId('report-run').click();
    await expect.poll(firstCells).toEqual(['off_topic']);
  });

  it('links the moderation queue, the audit settings and the chatbots to their built-in reports', async () => {
    const moderator = await signedInPage(e2e, 'moderator');
    await moderator.goto(`${e2e.baseUrl}/moderation`);
    const links = moderator.getByTestId('moderation-reports').getByRole('link');
    await expect
      .poll(() => links.allTextContents())
      .toEqual([
        'Flag resolution time by moderator',
        'Flag resolution time by week',
        'Flag Status',
        'Flagger accuracy',
      ]);
    await links.filter({ hasText: 'Flag Status' }).click();
    await moderator.getByTestId('report-page').waitFor();
    expect(new URL(moderator.url()).pathname).toBe('/reports/flag-status');

    const admin = await signedInPage(e2e, 'admin');
    await admin.goto(`${e2e.baseUrl}/settings/audit`);
    await expect.poll(() => admin.getByTestId('audit-reports').getByRole('link').count()).toBe(5);
    await admin.goto(`${e2e.baseUrl}/chatbots`);
    await expect
      .poll(() => admin.getByTestId('chatbot-reports').getByRole('link').allTextContents())
      .toContain('Chatbot funnel');
  });

  it('shows an admin the editor with live header problems', async () => {
    const page = await signedInPage(e2e, 'admin');
    await page.goto(`${e2e.baseUrl}/reports/new`);
    await page.getByTestId('sql-editor').waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    // The last line is empty: what is typed there is code, so :oops is a parameter used undeclared.
    await page.keyboard.type('WHERE :oops');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('report-problems').textContent())
      .toContain(':oops is used but not declared');
  });
});
