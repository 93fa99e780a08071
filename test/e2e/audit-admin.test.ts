import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAuditSettings } from '../../src/audit/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** An admin finds the audit settings from the Settings area, changes them and sees them saved. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

describe('audit administration', () => {
  it('changes the batch size and calibration share from the settings page', async () => {
    const { cookie } = await e2e.app.loginAs('admin', { name: 'Ada Admin' });
    const [name, value] = cookie.split('=');
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: e2e.baseUrl }]);
    const page = await context.newPage();

    await page.goto(`${e2e.baseUrl}/settings`);
    await page.getByTestId('settings-audit').getByRole('link').click();
    await page.getByTestId('audit-settings-form').waitFor();
    await page.getByTestId('setting-batch_size').fill('15');
    await page.getByTestId('setting-calibration_share').fill('10');
    await page.getByTestId('audit-settings-save').click();
    await expect.poll(async () => (await getAuditSettings(testDb.db)).batch_size).toBe(15);
    expect((await getAuditSettings(testDb.db)).calibration_share).toBeCloseTo(0.1, 5);

    await page.getByTestId('tab-rubric').click();
    await page.getByTestId('rubric-item').first().waitFor();
    expect(await page.getByTestId('rubric-item').count()).toBe(4);
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-admin.png') });
    await context.close();
  });
});
