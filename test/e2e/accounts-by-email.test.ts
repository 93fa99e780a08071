import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/index.js';
import { TEST_PASSWORD } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { runQueuedJobs } from '../harness/jobs.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** "Forgot password" and invitations through the real UI in Chromium, the links read from the outbox. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

/** The link of the newest mail queued to `address` (PUBLIC_URL is the test server's address). */
async function linkTo(address: string, pathPrefix: string): Promise<string> {
  const mail = await testDb.db
    .selectFrom('email_outbox')
    .select('text')
    .where('to_address', '=', address)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = mail.text.match(new RegExp(`${e2e.baseUrl}/${pathPrefix}/[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${pathPrefix} link in the mail to ${address}`);
  return match[0];
}

describe('staff accounts by e-mail', () => {
  it('forgot password: asks for a link, sets a new password by it, then signs in with it', async () => {
    await createUser(testDb.db, {
      email: 'rita@example.org',
      name: 'Rita',
      role: 'auditor',
      password: TEST_PASSWORD,
    });
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByTestId('login-email').fill('rita@example.org');
    await page.getByTestId('forgot-password-link').click();
    await page.getByTestId('forgot-password-form').waitFor();
    expect(await page.getByTestId('forgot-email').inputValue()).toBe('rita@example.org');
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('reset-requested').waitFor();
    expect(await page.getByTestId('reset-requested').textContent()).toContain('60 minutes');
    await checkA11y(page, 'the "check your inbox" page');

    await runQueuedJobs(testDb);
    await page.goto(await linkTo('rita@example.org', 'reset-password'));
    await page.getByTestId('reset-password-form').waitFor();
    // The two entries must match.
    await page.getByTestId('new-password').fill('a brand new password');
    await page.getByTestId('confirm-password').fill('a brand new passwort');
    await page.getByTestId('reset-submit').click();
    await page.getByText('The passwords do not match').waitFor();
    await checkA11y(page, 'the new password form with an error');
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password-page.png') });
    await page.getByTestId('confirm-password').fill('a brand new password');
    await page.getByTestId('reset-submit').click();

    await page.waitForURL(/\/login$/);
    await page.getByTestId('login-notice').waitFor();
    await page.getByTestId('login-email').fill('rita@example.org');
    await page.getByTestId('login-password').fill('a brand new password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'password-reset-signed-in.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a used reset link says so and offers a new one', async () => {
    await createUser(testDb.db, { email: 'used@example.org', role: 'auditor', password: TEST_PASSWORD });
    await e2e.app.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: 'used@example.org' },
      headers: { origin: e2e.baseUrl },
    });
    await runQueuedJobs(testDb);
    const link = await linkTo('used@example.org', 'reset-password');
    const token = link.split('/').pop();
    await e2e.app.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/complete',
      payload: { token, password: 'first new password' },
      headers: { origin: e2e.baseUrl },
    });
    const page = await e2e.browser.newPage();
    await page.goto(link);
    await page.getByTestId('new-password').fill('second new password');
    await page.getByTestId('confirm-password').fill('second new password');
    await page.getByTestId('reset-submit').click();
    await expect.poll(() => page.getByTestId('reset-error').textContent()).toContain('already used');
    await page.getByTestId('new-reset-link').waitFor();
    await page.close();
  });

  it('an admin invites a Portuguese speaker, who sets a password by the link and lands signed in, in Portuguese', async () => {
    const admin = await signedInPage(e2e, 'admin', { name: 'Ada Admin' });
    await admin.goto(`${e2e.baseUrl}/users`);
    await admin.getByTestId('create-user').click();
    await admin.getByTestId('create-user-form').waitFor();
    await admin.getByTestId('user-email').fill('bia@example.org');
    await admin.getByTestId('user-name').fill('Bia');
    await admin.getByTestId('user-language').click();
    await admin.getByRole('option', { name: 'Português (Brasil)' }).click();
    await checkA11y(admin, 'the new-user dialog, invitation');
    await admin.screenshot({ path: path.join(ARTIFACTS, 'invite-user-dialog.png') });
    await admin.getByTestId('create-user-submit').click();
    await admin.getByTestId('create-user-form').waitFor({ state: 'detached' });
    const row = admin.getByTestId('user-row').filter({ hasText: 'bia@example.org' });
    await row.getByTestId('user-invited').waitFor();
    // A second invitation: the link read below is the new one.
    await row.getByTestId('resend-invitation').click();
    await admin.getByText('A new invitation was sent to bia@example.org').waitFor();
    await admin.screenshot({ path: path.join(ARTIFACTS, 'users-invited.png') });
    await admin.context().close();

    const context = await e2e.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(await linkTo('bia@example.org', 'invite'));
    await page.getByTestId('invitation-form').waitFor();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Boas-vindas ao Parley');
    await checkA11y(page, 'the invitation page');
    await page.screenshot({ path: path.join(ARTIFACTS, 'invitation-page.png') });
    await page.getByTestId('new-password').fill('minha senha secreta');
    await page.getByTestId('confirm-password').fill('minha senha secreta');
    await page.getByTestId('invitation-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    expect(await page.getByTestId('current-user-name').textContent()).toContain('Bia');
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await context.close();
  });

  it('signs a Portuguese-speaking account in in Portuguese; the header switch saves a new choice', async () => {
    const user = await createUser(testDb.db, {
      email: 'caio@example.org',
      role: 'auditor',
      language: 'pt-BR',
      password: TEST_PASSWORD,
    });
    const context = await e2e.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('login-email').fill('caio@example.org');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pt-BR');

    await page.getByTestId('account-controls').getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    const saved = async () =>
      (
        await testDb.db
          .selectFrom('users')
          .select('language')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).language;
    await expect.poll(saved).toBe('en');

    // The account page says it too, and changes it back.
    await page.getByTestId('account-link').click();
    await page.getByTestId('account-language').click();
    await page.getByRole('option', { name: 'Português (Brasil)' }).click();
    await expect.poll(saved).toBe('pt-BR');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await checkA11y(page, 'the account page');
    await context.close();
  });
});
