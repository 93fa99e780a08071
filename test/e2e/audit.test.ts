import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { refreshPool } from '../../src/audit/index.js';
import { TEST_PASSWORD } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/** An auditor signs in, takes a batch and audits two conversations with the keyboard only. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  const now = new Date();
  await seedCampaigns(testDb.db, [
    { title: 'Get out the vote', conversations: 30, newest: new Date(now.getTime() - 60_000) },
  ]);
  await sql`
    insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
    select id, 'm1', false, 'Hi, this is Sam. Can we count on your vote?', last_message_at - interval '2 minutes' from conversations
    union all
    select id, 'm2', true, 'STOP texting me <b>now</b>', last_message_at from conversations`.execute(
    testDb.db,
  );
  await refreshPool(testDb.db, now);
});

describe('the audit screen', () => {
  it('audits two conversations with the keyboard and counts them', async () => {
    const { user } = await e2e.app.loginAs('auditor', { email: 'kim@example.org', name: 'Kim Auditor' });
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByLabel('E-mail').fill('kim@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${e2e.baseUrl}/conversations`);
    await page.getByTestId('start-batch').click();
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('0 / 20');

    // The hostile contact text is shown as text, with the STOP highlighted.
    const contactMessage = page.locator('[data-testid="message"][data-from="contact"]').first();
    await contactMessage.waitFor();
    expect(await contactMessage.textContent()).toContain('STOP texting me <b>now</b>');
    expect(await page.locator('[data-testid="thread"] b').count()).toBe(0);

    // The shortcut help dialog.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-help').waitFor();
    await checkA11y(page, 'the shortcut help dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-help').waitFor({ state: 'detached' });

    // First conversation: fail "tone" (item 4), write a note, submit with Enter.
    await page.keyboard.press('4');
    expect(await page.getByTestId('rubric-item-tone').getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('n');
    await page.keyboard.type('Too pushy after the STOP.');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('1 / 20');

    // Second conversation: everything passed, submit at once.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('2 / 20');
    expect(await page.locator('[data-testid="batch-item"][data-audited="true"]').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-screen.png') });

    const audits = await testDb.db
      .selectFrom('audits')
      .select(['scores', 'note', 'passed', 'time_spent_ms'])
      .where('auditor_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      scores: { question: true, tag: true, optout: true, tone: false },
      note: 'Too pushy after the STOP.',
    });
    expect(audits[1]).toMatchObject({
      scores: { question: true, tag: true, optout: true, tone: true },
      passed: true,
    });
    expect(audits[0]!.time_spent_ms).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
