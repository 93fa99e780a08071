import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { setupTestDatabase } from '../harness/db.js';
import { runQueuedJobs } from '../harness/jobs.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** An admin imports Spoke CSV exports from the Settings area and sees the outcome and bad rows. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);
const fixture = (name: string) => path.join(packageRoot, 'test/fixtures/spoke-csv', name);

const work = () => runQueuedJobs(testDb);

describe('the imports page', () => {
  it('uploads a pair of files, shows the import succeed, then lists the bad rows of a bad file', async () => {
    const { cookie } = await e2e.app.loginAs('admin', { name: 'Ida Admin' });
    const [name, value] = cookie.split('=') as [string, string];
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, url: e2e.baseUrl }]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/settings`);
    await page.getByTestId('settings-imports').getByRole('link').click();
    await page.waitForURL(`${e2e.baseUrl}/settings/imports`);

    await page
      .locator('input[type=file]')
      .setInputFiles([fixture('gotv-sv10.csv'), fixture('gotv-sv10-messages.csv')]);
    await page.getByTestId('start-import').click();
    await expect.poll(() => page.getByTestId('import-status').first().textContent()).toBe('Queued');
    await work();
    await expect
      .poll(() => page.getByTestId('import-details').getByTestId('import-status').textContent())
      .toBe('Imported');
    const files = page.getByTestId('import-files-table');
    await expect.poll(() => files.textContent()).toContain('gotv-sv10-messages.csv');
    expect(await files.textContent()).toContain('statevoices · contacts');
    expect(await page.getByTestId('import-message').textContent()).toBe(
      'conversations: 3 new; messages: 5 new; texters: 1 new; campaigns: 1 new',
    );

    await page
      .locator('input[type=file]')
      .setInputFiles([fixture('bad/values.csv'), fixture('bad/values-messages.csv')]);
    await page.getByTestId('start-import').click();
    await expect
      .poll(() => page.getByTestId('import-details').getByTestId('import-status').textContent())
      .toBe('Queued');
    await work();
    const errors = page.getByTestId('import-errors-table');
    await expect.poll(() => errors.locator('tbody tr').count()).toBe(7);
    expect(await errors.locator('tbody tr').first().textContent()).toBe(
      'values.csv2optedOutnot true or falsemaybe',
    );
    // The files were recognised even though the import was refused.
    expect(await page.getByTestId('import-files-table').textContent()).toContain('statevoices · messages');
    // Rows and problems are counted apart; the page says how the messages were dated.
    expect(await page.getByTestId('import-rejected').textContent()).toContain(
      '6 rows, 7 problems: nothing was imported',
    );
    expect(await page.getByTestId('import-files-table').textContent()).toContain(
      'By time (column attempted_at)',
    );
    await expect
      .poll(() => page.getByTestId('import-row').first().getByTestId('import-status').textContent())
      .toBe('Failed');
    expect(await page.getByTestId('import-row').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'imports-rejected.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
