import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { WEB_DIST } from '../../src/server/static.js';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { launchBrowser } from './browser.js';

/** Signs in through the real UI in Chromium against a real server and database. */
const ARTIFACTS = path.join(packageRoot, 'test/e2e/artifacts');
const testDb = setupTestDatabase();
let t: TestApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('no web build: run `npm run build:web` first');
  t = await buildTestApp(testDb.db, { web: true });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('signing in through the web UI', () => {
  it('rejects a wrong password, then signs in, shows the admin areas, and signs out', async () => {
    await t.loginAs('admin', { email: 'ops@example.org', name: 'Olga Ops' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${baseUrl}/users`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill('ops@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Wrong e-mail or password.');

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/users`);
    await page.getByTestId('users-table').waitFor();
    expect(await page.getByTestId('current-user-name').textContent()).toContain('Olga Ops');
    for (const area of ['conversations', 'moderation', 'reports', 'chatbots', 'users', 'settings']) {
      expect(await page.getByTestId(`nav-${area}`).count(), area).toBe(1);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-users.png'), fullPage: true });

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows an auditor only the areas of the role', async () => {
    await t.loginAs('auditor', { email: 'aud@example.org', name: 'Ana Auditor' });
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-mail').fill('aud@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    expect(await page.getByTestId('nav-conversations').count()).toBe(1);
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.goto(`${baseUrl}/users`);
    await page.getByTestId('not-allowed').waitFor();
    await page.close();
  });
});
