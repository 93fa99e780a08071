import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEmailSender } from '../../src/email/run.js';
import { setupTestDatabase } from '../harness/db.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/**
 * Without SMTP_URL an admin sees that nothing is sent, sends a test e-mail, finds it held and
 * opens it rendered; a template with an unknown variable is refused with its line.
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

describe('Mail page', () => {
  it('shows held mail rendered and lists template problems', { timeout: 60_000 }, async () => {
    const page = await signedInPage(e2e, 'admin', { language: 'en' });
    await page.goto(`${e2e.baseUrl}/settings`);
    await page.getByTestId('settings-mail').getByRole('link').click();
    await page.getByTestId('smtp-unset').waitFor();
    await page.getByTestId('send-test-mail').click();
    await expect.poll(() => testDb.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(1);
    await runEmailSender(testDb.db, e2e.app.deps.config.email);
    await page.reload();
    const row = page.locator('[data-testid^="outbox-row-"]').first();
    await row.getByText('Held').waitFor();
    await row.getByRole('button').click();
    await page.getByTestId('mail-frame-html').waitFor();
    expect(await page.getByTestId('mail-frame-html').getAttribute('sandbox')).toBe('');
    const body = await page.frameLocator('[data-testid="mail-frame-html"]').locator('body').textContent();
    expect(body).toContain('This is a test e-mail');
    await page.screenshot({ path: path.join(ARTIFACTS, 'mail-page.png') });
    await page.keyboard.press('Escape');

    await page.getByTestId('tab-templates').click();
    await page.getByTestId('template-html').waitFor();
    await page.getByTestId('template-kind').click();
    await page.getByRole('option', { name: 'Test e-mail' }).click();
    await page.getByTestId('template-html').fill('<p>Hi {{ user.name }}</p>\n<p>{{ user.nmae }}</p>');
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-problems').getByText('line 2: unknown variable “user.nmae”').waitFor();
    await checkA11y(page, 'template problems');
    await page.screenshot({ path: path.join(ARTIFACTS, 'mail-templates.png'), fullPage: true });
    await page.context().close();
  });
});
