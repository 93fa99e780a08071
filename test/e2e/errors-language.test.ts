import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { createUser } from '../../src/users/index.js';
import { TEST_PASSWORD } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { runQueuedJobs } from '../harness/jobs.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** A Portuguese-speaking user reads the server's errors in Portuguese, not in the server's English. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);
const fixture = (name: string) => path.join(packageRoot, 'test/fixtures/spoke-csv', name);

async function portuguesePage(cookie?: string) {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  // The language the UI keeps between visits (web/src/i18n/languages.ts), besides the browser's own.
  await context.addInitScript({ content: "localStorage.setItem('parley.language', 'pt-BR');" });
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: e2e.baseUrl }]);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

describe('errors in the user’s language', () => {
  it('says a wrong password in Portuguese', async () => {
    await createUser(testDb.db, {
      email: 'ana@test.example',
      name: 'Ana',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    const { context, page, problems } = await portuguesePage();
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByTestId('login-email').fill('ana@test.example');
    await page.getByTestId('login-password').fill('not the password at all');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('E-mail ou senha incorretos.');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows an import rejection and an upload refusal in Portuguese', async () => {
    const { cookie } = await e2e.app.loginAs('admin', { name: 'Ida Admin' });
    const { context, page, problems } = await portuguesePage(cookie);
    await page.goto(`${e2e.baseUrl}/settings/imports`);

    await page
      .locator('input[type=file]')
      .setInputFiles([fixture('bad/values.csv'), fixture('bad/values-messages.csv')]);
    await page.getByTestId('start-import').click();
    await expect.poll(() => page.getByTestId('import-details').count()).toBe(1);
    await runQueuedJobs(testDb);
    const message = page.getByTestId('import-message');
    await expect
      .poll(() => message.textContent(), { timeout: 15_000 })
      .toMatch(/^Importação recusada, nada foi alterado: \d+ problemas?\.$/);
    // The list refetches apart from the details: it may say so a moment later.
    await expect
      .poll(() => page.getByTestId('import-row').first().textContent())
      .toContain('Importação recusada');
    // Each bad row says what is wrong in Portuguese too (values.csv line 2: optedOut is "maybe").
    const reasons = page.getByTestId('import-error-reason');
    await expect.poll(() => reasons.first().textContent()).toBe('não é true nem false');
    expect(await reasons.allTextContents()).toContain('não é um número de telefone');
    expect(await page.getByTestId('import-errors-table').textContent()).not.toContain('not true or false');

    // The server refuses an empty file: its error, with the file's name, in Portuguese.
    await page
      .locator('input[type=file]')
      .setInputFiles([{ name: 'vazio.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }]);
    await page.getByTestId('start-import').click();
    await expect.poll(() => page.getByText('vazio.csv está vazio.').count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'errors-in-portuguese.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
