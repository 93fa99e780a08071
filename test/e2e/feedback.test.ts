import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { stopToken } from '../../src/audit/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** An admin previews and sends one feedback e-mail and finds it in the send log; the texter stops them. */
const testDb = setupTestDatabase();
let texterId = 0;
const e2e = setupBrowserApp(testDb, async (app) => {
  await seedCampaigns(testDb.db, [
    { title: 'Get out the vote', conversations: 3, newest: new Date(), texters: 1 },
  ]);
  const texter = await testDb.db.selectFrom('texters').select('id').executeTakeFirstOrThrow();
  texterId = texter.id;
  await sql`update texters set first_name = 'Márcia', last_name = 'Lima', email = 'marcia@example.org'
             where id = ${texterId}`.execute(testDb.db);
  const { user } = await app.loginAs('auditor');
  await sql`
    insert into audits (conversation_id, texter_id, campaign_id, auditor_id, rubric_id, scores, passed, score, note,
                        created_at)
    select c.id, c.texter_id, c.campaign_id, ${user.id}, (select max(id) from audit_rubrics),
           '{"question":true,"tag":true,"optout":true,"tone":false}'::jsonb, true, 0.75,
           'Try a warmer greeting next time.', now() - interval '1 hour'
      from conversations c where c.texter_id = ${texterId}`.execute(testDb.db);
});

describe('feedback to texters', () => {
  it('previews and sends one feedback e-mail, then shows it in the send log', async () => {
    const page = await signedInPage(e2e, 'admin', { name: 'Ada Admin' });
    await page.goto(`${e2e.baseUrl}/settings/audit`);
    await page.getByTestId('open-feedback').click();
    await page.getByTestId('feedback-page').waitFor();

    await page.getByTestId('feedback-preview').click();
    const row = page.getByTestId('feedback-preview-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await page.getByTestId('feedback-preview-subject').textContent()).toContain('Márcia');
    const frame = page.frameLocator('[data-testid="feedback-preview-frame"]');
    await expect
      .poll(() => frame.locator('body').textContent())
      .toContain('Try a warmer greeting next time.');
    expect(await page.getByTestId('feedback-preview-frame').getAttribute('sandbox')).toBe('');
    await page.screenshot({ path: path.join(ARTIFACTS, 'feedback-preview.png'), fullPage: true });

    // The address is corrected from the preview; the preview is rendered again.
    await page.getByTestId('feedback-edit-email').click();
    await page.getByTestId('feedback-texter-email').fill('marcia.lima@example.org');
    await page.getByTestId('feedback-texter-email-save').click();
    await expect.poll(() => row.first().textContent()).toContain('marcia.lima@example.org');

    await page.getByTestId('feedback-send').click();
    await page.getByTestId('feedback-send-confirm').click();
    await expect
      .poll(async () => (await testDb.db.selectFrom('feedback_sends').select('id').execute()).length)
      .toBe(1);

    await page.getByTestId('feedback-tab-log').click();
    const sent = page.getByTestId('feedback-send-row');
    await sent.first().waitFor();
    expect(await sent.count()).toBe(1);
    expect(await sent.first().textContent()).toContain('marcia.lima@example.org');
    // No SMTP_URL in this test: the mail waits in the outbox.
    expect(await page.getByTestId('feedback-delivery').first().getAttribute('data-status')).toMatch(
      /queued|held/,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'feedback-log.png'), fullPage: true });
    await page.context().close();
  });

  it("opens from the texter's page, for that texter and period", async () => {
    const page = await signedInPage(e2e, 'admin');
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${e2e.baseUrl}/audits/texters/${texterId}?from=${from}`);
    await page.getByTestId('texter-actions').getByRole('link').click();
    await page.getByTestId('feedback-one-texter').waitFor();
    expect(await page.getByTestId('feedback-from').inputValue()).toBe(from);
    await page.getByTestId('feedback-preview').click();
    await page.getByTestId('feedback-preview-row').first().waitFor();
    expect(await page.getByTestId('feedback-preview-row').count()).toBe(1);
    await page.context().close();
  });

  it('lets the texter stop feedback e-mails from the link, after a confirmation', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 800, height: 700 } });
    const page = await context.newPage();
    const token = stopToken(e2e.app.deps.config.secret, texterId);
    await page.goto(`${e2e.baseUrl}/feedback/stop/${token}`);
    await page.getByTestId('feedback-stop-confirm').click();
    await page.getByTestId('feedback-stopped').waitFor();
    const optouts = await testDb.db.selectFrom('texter_feedback_optouts').selectAll().execute();
    expect(optouts).toEqual([expect.objectContaining({ texter_id: texterId, via: 'link' })]);
    await context.close();

    const admin = await signedInPage(e2e, 'admin');
    await admin.goto(`${e2e.baseUrl}/settings/audit/feedback?tab=optouts`);
    await admin.getByTestId('feedback-optout-row').waitFor();
    await admin.context().close();
  });
});
