import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createReport } from '../../src/reports/index.js';
import { createUser } from '../../src/users/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/**
 * Data sources in the browser: an admin registers another database (the test database itself,
 * under its own application name so a run shows where it ran), tests the connection before and
 * after saving, and runs a report there; a moderator fills an id parameter by searching a name.
 */
const testDb = setupTestDatabase();
let zeldaId = 0;
const e2e = setupBrowserApp(testDb, async (app) => {
  app.deps.databaseUrl = testDb.url;
  const zelda = await createUser(testDb.db, {
    email: 'zelda.searchable@example.org',
    name: 'Zelda Searchable',
    role: 'auditor',
    password: 'correct horse battery staple',
  });
  zeldaId = zelda.id;
  await createReport(
    testDb.db,
    {
      name: 'who-is-this',
      title: 'Who is this',
      description: '',
      body: '-- [params]\n-- user_id :who\nselect id as chosen_user_id, name from users where id = :who',
      sourceId: null,
      searchPath: null,
      timeoutSeconds: null,
      runRoles: ['moderator'],
    },
    null,
  );
});

/** The test database's URL with a password (never to be shown) and a name to recognise it by. */
function otherSourceUrl(): string {
  const url = new URL(testDb.url);
  url.password = 'sekret-pw';
  url.searchParams.set('application_name', 'elsewhere');
  return url.toString();
}

/** The completions the SQL editor offers at the end of `text` (its last letters typed). */
async function completions(page: Page, text: string): Promise<string[]> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text.slice(0, -2));
  await page.keyboard.type(text.slice(-2));
  const labels = page.locator('.cm-tooltip-autocomplete .cm-completionLabel');
  await labels
    .first()
    .waitFor({ timeout: 2000 })
    .catch(() => undefined);
  return labels.allTextContents();
}

describe('report data sources in the browser', () => {
  it('adds a source, tests its connection before and after saving, and runs a report on it', async () => {
    const page = await signedInPage(e2e, 'admin');
    await page.goto(`${e2e.baseUrl}/reports`);
    await page.getByTestId('reports-sources-link').click();
    await page.getByTestId('sources-page').waitFor();
    await page.getByText("No data source yet: reports run on Parley's database.").waitFor();

    await page.getByLabel('Name').fill('Elsewhere');
    await page.getByLabel('Connection URL').fill(otherSourceUrl());
    await page.getByRole('button', { name: 'Test connection' }).click();
    const before = page.getByTestId('source-url-test');
    await before.waitFor();
    expect(await before.getAttribute('data-ok')).toBe('true');
    expect(await before.textContent()).toMatch(/^ConnectedPostgreSQL \d+/);
    await page.getByRole('button', { name: 'Add', exact: true }).click();

    const row = page.getByTestId('source-Elsewhere');
    await row.waitFor();
    const target = await row.getByTestId('source-target').textContent();
    expect(target).toContain('***@127.0.0.1');
    expect(await page.content()).not.toContain('sekret-pw');
    await row.getByRole('button', { name: 'Test connection to Elsewhere' }).click();
    await expect.poll(() => row.getByTestId('source-test-outcome').getAttribute('data-ok')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-sources.png'), fullPage: true });

    // A report on that source: picked in the editor, run from its page.
    await page.goto(`${e2e.baseUrl}/reports/new`);
    await page.getByRole('textbox', { name: /^Name/ }).fill('where-am-i');
    await page.getByRole('textbox', { name: /^Title/ }).fill('Where am I');
    // Completion: Parley's database offers what the reports role may read (no sessions), the
    // search path's first schema without its name, the chosen source what its login sees.
    await expect.poll(() => completions(page, 'select * from user')).toContain('users');
    expect(await completions(page, 'select * from sessio')).not.toContain('sessions');
    await page.getByTestId('report-search-path').fill('discourse');
    await expect.poll(() => completions(page, 'select * from post_act')).toContain('post_actions');
    await page.getByTestId('report-search-path').fill('');
    await page.getByTestId('report-source').click();
    await page.getByRole('option', { name: 'Elsewhere' }).click();
    expect(await page.getByTestId('report-source').inputValue()).toBe('Elsewhere');
    await expect.poll(() => completions(page, 'select * from sessio')).toContain('sessions');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText("select current_setting('application_name') as app");
    await expect.poll(() => page.getByTestId('report-check').textContent()).toContain('0 parameters');
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-page').waitFor();
    await page.getByTestId('report-run').click();
    const table = page.getByTestId('report-table');
    await expect.poll(() => table.locator('tbody td').allTextContents()).toEqual(['elsewhere']);

    // The editor shows the source the report runs on; a source in use is not deleted.
    await page.goto(`${e2e.baseUrl}/reports/where-am-i/edit`);
    await expect.poll(() => page.getByTestId('report-source').inputValue()).toBe('Elsewhere');
    await page.goto(`${e2e.baseUrl}/reports/sources`);
    await page.getByRole('button', { name: 'Delete data source Elsewhere' }).click();
    await page.getByTestId('confirm-delete').click();
    await page.getByText('Reports still use this data source').waitFor();
    await expect.poll(() => page.getByTestId('source-Elsewhere').count()).toBe(1);
  });

  it('fills an id parameter by searching a name, with the keyboard', async () => {
    const page = await signedInPage(e2e, 'moderator');
    await page.goto(`${e2e.baseUrl}/reports/who-is-this`);
    const field = page.getByTestId('param-who');
    await field.click();
    await field.pressSequentially('zelda');
    const option = page.getByRole('option', { name: /Zelda Searchable <zelda\.searchable@example\.org>/ });
    await option.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-id-search.png') });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => field.inputValue()).toBe(String(zeldaId));
    await page.getByText('Chosen: Zelda Searchable <zelda.searchable@example.org>').waitFor();
    expect(await field.getAttribute('role')).toBe('combobox');
    await page.getByTestId('report-run').click();
    const table = page.getByTestId('report-table');
    await expect
      .poll(() => table.locator('tbody td').allTextContents())
      .toEqual([String(zeldaId), 'Zelda Searchable']);
    expect(new URL(page.url()).searchParams.get('who')).toBe(String(zeldaId));
  });
});
