import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** Signs in through the real UI in Chromium against a real server and database. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

describe('signing in through the web UI', () => {
  it('rejects a wrong password, then signs in, shows the admin areas, and signs out', async () => {
    await e2e.app.loginAs('admin', { email: 'ops@example.org', name: 'Olga Ops' });
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/users`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill('ops@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Wrong e-mail or password.');

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${e2e.baseUrl}/users`);
    await page.getByTestId('users-table').waitFor();
    expect(await page.getByTestId('current-user-name').textContent()).toContain('Olga Ops');
    for (const area of ['conversations', 'moderation', 'reports', 'chatbots', 'users', 'settings']) {
      expect(await page.getByTestId(`nav-${area}`).count(), area).toBe(1);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-users.png'), fullPage: true });

    // The new-user dialog, empty and with its field errors shown.
    await page.getByTestId('create-user').click();
    await page.getByTestId('create-user-form').waitFor();
    await page.getByTestId('create-user-submit').click();
    await checkA11y(page, 'the new-user dialog with errors');
    await page.keyboard.press('Escape');
    await page.getByTestId('create-user-form').waitFor({ state: 'detached' });

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows an auditor only the areas of the role', async () => {
    await e2e.app.loginAs('auditor', { email: 'aud@example.org', name: 'Ana Auditor' });
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByLabel('E-mail').fill('aud@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    expect(await page.getByTestId('nav-conversations').count()).toBe(1);
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.goto(`${e2e.baseUrl}/users`);
    await page.getByTestId('not-allowed').waitFor();
    await page.close();
  });
});
