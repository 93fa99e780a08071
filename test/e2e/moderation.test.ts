import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { refreshPool } from '../../src/audit/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** An auditor flags a message from the audit screen; a moderator resolves it from the queue. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  const now = new Date();
  await seedCampaigns(testDb.db, [
    { title: 'Get out the vote', conversations: 5, newest: new Date(now.getTime() - 60_000) },
  ]);
  await sql`
    insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
    select id, 'm1', false, 'Vote for us or else, idiot.', last_message_at - interval '2 minutes' from conversations
    union all
    select id, 'm2', true, 'That is rude.', last_message_at from conversations`.execute(testDb.db);
  await refreshPool(testDb.db, now);
});

describe('moderation', () => {
  it('an auditor flags a message from the audit screen and a moderator resolves it', async () => {
    const auditor = await signedInPage(e2e, 'auditor', { name: 'Kim Auditor' });
    const problems: string[] = [];
    auditor.on('pageerror', (error) => problems.push(error.message));
    await auditor.goto(`${e2e.baseUrl}/conversations`);
    await auditor.getByTestId('start-batch').click();
    await auditor.locator('[data-testid="message"][data-from="texter"]').first().waitFor();

    // f: the flag dialog, with the texter's message chosen; pick a type, add a note, send.
    await auditor.keyboard.press('f');
    await auditor.getByTestId('flag-type').waitFor();
    await checkA11y(auditor, 'the flag dialog');
    await auditor.getByTestId('flag-type').click();
    await auditor.getByRole('option', { name: 'Inappropriate' }).click();
    await auditor.getByTestId('flag-note').fill('Insults the contact');
    await auditor.getByTestId('flag-submit').click();
    await auditor.getByTestId('flag-type').waitFor({ state: 'detached' });
    const flags = await testDb.db.selectFrom('flags').selectAll().execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ flag_type_id: 4, note: 'Insults the contact' });

    const moderator = await signedInPage(e2e, 'moderator', { name: 'Mo Moderator' });
    moderator.on('pageerror', (error) => problems.push(error.message));
    await moderator.goto(`${e2e.baseUrl}/`);
    await moderator.getByTestId('nav-moderation').click();
    await expect.poll(() => moderator.getByTestId('queue-row').count()).toBe(1);
    expect(await moderator.getByTestId('queue-row').textContent()).toContain('Vote for us or else, idiot.');
    await checkA11y(moderator, 'the moderation queue');
    await moderator.screenshot({ path: path.join(ARTIFACTS, 'moderation-queue.png'), fullPage: true });

    // c claims the selected item; Enter opens it.
    await moderator.keyboard.press('c');
    await expect.poll(() => moderator.getByTestId('claimed-by').textContent()).toContain('Mo Moderator');
    await moderator.keyboard.press('Enter');
    await moderator.getByTestId('item-flags').waitFor();
    expect(await moderator.getByTestId('flag-row').textContent()).toContain('Kim Auditor');
    expect(await moderator.getByTestId('flagged-message').textContent()).toContain('idiot');
    await checkA11y(moderator, 'a moderation item');
    await moderator.getByTestId('decision-note').fill('Texter warned');
    await moderator.getByTestId('agree').click();
    await expect.poll(() => moderator.getByTestId('item-status').first().textContent()).toBe('Agreed');
    await expect
      .poll(() =>
        moderator
          .locator('[data-testid="history-entry"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
      )
      .toEqual(['created', 'claimed', 'agreed']);
    await moderator.screenshot({ path: path.join(ARTIFACTS, 'moderation-item.png'), fullPage: true });

    const item = await testDb.db.selectFrom('moderation_items').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'agreed', resolution_note: 'Texter warned' });
    expect(problems).toEqual([]);
  });

  it('an admin tests the profanity rule on a campaign', async () => {
    const admin = await signedInPage(e2e, 'admin');
    await admin.goto(`${e2e.baseUrl}/settings/moderation/rules`);
    await expect.poll(() => admin.getByTestId('rule-row').count()).toBe(2);
    await admin.getByTestId('rule-test').first().click();
    await admin.getByTestId('rule-campaign').click();
    await admin.getByRole('option', { name: 'Get out the vote' }).click();
    await admin.getByTestId('rule-preview-run').click();
    await expect
      .poll(() => admin.getByTestId('rule-preview-count').textContent())
      .toBe('5 of 10 messages match.');
    await checkA11y(admin, 'the rules page with a preview');
  });
});
