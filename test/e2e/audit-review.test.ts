import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { refreshPool } from '../../src/audit/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { checkA11y } from './a11y.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/**
 * A moderator reviews audits (filter, open one, the texter's page); an auditor sees a saved audit
 * on the audit screen, corrects it, and finishes the batch on its summary.
 */
const testDb = setupTestDatabase();
const PASS = { question: true, tag: true, optout: true, tone: true };

const e2e = setupBrowserApp(testDb, async (app) => {
  const now = new Date();
  await seedCampaigns(testDb.db, [
    { title: 'Get out the vote', conversations: 20, newest: new Date(now.getTime() - 60_000), texters: 2 },
  ]);
  await sql`
    insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
    select id, 'm1', false, 'Hi, this is Sam. Can we count on your vote?', last_message_at - interval '2 minutes' from conversations
    union all
    select id, 'm2', true, 'Yes! Count me in.', last_message_at from conversations`.execute(testDb.db);
  await refreshPool(testDb.db, now);
  // Three audits by Rita: one passed, one failed on opt-out (critical), one with tone failed.
  const { cookie } = await app.loginAs('auditor', { name: 'Rita Reviewer' });
  const batch = await app.app.inject({
    method: 'POST',
    url: '/api/audit/batches',
    headers: { cookie },
    payload: { size: 3 },
  });
  const scores = [PASS, { ...PASS, optout: false }, { ...PASS, tone: false }];
  const notes = ['Great job', 'Ignored the STOP', 'A bit curt'];
  for (const [i, item] of (batch.json().items as { conversation_id: number }[]).entries()) {
    await app.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie },
      payload: { conversation_id: item.conversation_id, scores: scores[i], note: notes[i] },
    });
  }
});

describe('audit review', () => {
  it('a moderator filters the Audits page, opens an audit and the texter page', async () => {
    const page = await signedInPage(e2e, 'moderator');
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/`);
    await page.getByTestId('nav-audits').click();
    await page.getByTestId('audits-table').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(3);
    await page.getByTestId('filter-auditor').click();
    await page.getByRole('option', { name: 'Rita Reviewer' }).click();
    await page.getByTestId('active-filters').waitFor();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(3);

    await page.getByTestId('filter-result').click();
    await page.getByRole('option', { name: 'Failed', exact: true }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    expect(await page.getByTestId('audit-row').textContent()).toContain('Ignored the STOP');
    expect(page.url()).toContain('result=failed');

    await page.getByTestId('filter-result').click();
    await page.getByRole('option', { name: 'Passed or failed' }).click();
    await page.getByTestId('filter-item').click();
    await page.getByRole('option', { name: 'Tone' }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    expect(await page.getByTestId('audit-row').textContent()).toContain('A bit curt');
    await checkA11y(page, 'the Audits page, filtered');
    await page.screenshot({ path: path.join(ARTIFACTS, 'audits-page.png'), fullPage: true });

    await page.getByTestId('open-audit').click();
    await page.getByTestId('audit-view').waitFor();
    await page.getByTestId('thread').waitFor();
    expect(await page.getByTestId('audit-note-text').textContent()).toBe('A bit curt');
    expect(await page.getByTestId('score-tone').textContent()).toContain('Fail');
    expect(await page.getByTestId('score-optout').textContent()).toContain('Pass');
    expect(await page.getByTestId('thread').textContent()).toContain('Count me in');

    await page.getByTestId('texter-link').click();
    await page.getByTestId('texter-page').waitFor();
    await page.getByTestId('texter-items').waitFor();
    expect(await page.getByTestId('texter-actions').count()).toBe(1);
    expect(await page.getByTestId('texter-item-tone').textContent()).toContain('Tone');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('an auditor sees a saved audit, corrects it, and finishes the batch on its summary', async () => {
    const page = await signedInPage(e2e, 'auditor');
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/conversations`);
    await page.getByTestId('batch-size').fill('2');
    await page.getByTestId('start-batch').click();
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('0 / 2');

    // Fail "tone", submit; then go back to it.
    await page.getByTestId('rubric').waitFor();
    await page.keyboard.press('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('1 / 2');
    await page.keyboard.press('k');
    await page.getByTestId('audited-failed').waitFor();
    expect(await page.getByTestId('audited-failed').textContent()).toContain('Tone');
    expect(await page.getByTestId('audited-score').textContent()).toContain('75%');
    await checkA11y(page, 'a saved audit on the audit screen');

    // Correct it: tone passes, opt-out fails (critical: the audit fails).
    await page.getByTestId('correct-audit').click();
    await page.getByTestId('correction').waitFor();
    await page.getByTestId('rubric-item-tone').click();
    await page.getByTestId('rubric-item-optout').click();
    await page.getByTestId('audit-note').fill('Missed the opt-out');
    await page.getByTestId('submit-audit').click();
    await page.getByTestId('correction').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('audited-failed').textContent()).toContain('Opt-out');
    expect(await page.getByTestId('audited-result').textContent()).toContain('Failed');
    expect(await page.getByTestId('audited-note').textContent()).toContain('Missed the opt-out');
    const history = await sql<{ n: number }>`select count(*)::int as n from audit_history`.execute(testDb.db);
    expect(history.rows[0]?.n).toBe(1);

    // The second conversation, everything passed: the batch is done, with its summary.
    await page.keyboard.press('j');
    await page.getByTestId('rubric').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('batch-summary').waitFor();
    await expect.poll(() => page.getByTestId('summary-audited').textContent()).toContain('2');
    expect(await page.getByTestId('summary-failed').textContent()).toContain('1');
    expect(await page.getByTestId('summary-item-optout').textContent()).toContain('1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit-batch-summary.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
