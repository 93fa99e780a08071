import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** An import whose audit pool refresh failed says so on its page (routes.test.ts makes one fail). */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

describe('an import with a warning', () => {
  it('shows that the audit pool could not be refreshed', async () => {
    await testDb.pool.query(
      `insert into imports (kind, status, finished_at, message, warnings)
       values ('spoke_csv', 'succeeded', now(), 'conversations: 3 new', $1)`,
      [JSON.stringify([{ kind: 'pool_refresh_failed', detail: 'connection reset' }])],
    );
    const page = await signedInPage(e2e, 'admin', { name: 'Ida Admin' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/settings/imports`);
    await page.getByTestId('import-row').first().click();
    const warning = page.getByTestId('import-warnings');
    await expect
      .poll(() => warning.textContent())
      .toContain('The audit pool could not be refreshed: connection reset.');
    expect(await page.getByTestId('import-message').textContent()).toBe('conversations: 3 new');
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-warning.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
