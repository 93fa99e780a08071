import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { refreshPool } from '../../src/audit/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { focusProbe } from './keyboard.js';
import { setupBrowserApp, signedInPage } from './setup.js';

/**
 * A keyboard-only walk of the audit screen (only `page.keyboard`): after every action that replaces
 * the focused element, the focus must be somewhere sensible, never on the body, and the progress is
 * announced in a live region.
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async () => {
  const now = new Date();
  await seedCampaigns(testDb.db, [
    { title: 'Keyboard campaign', conversations: 10, newest: new Date(now.getTime() - 60_000) },
  ]);
  await refreshPool(testDb.db, now);
});

const openConversation = (page: Page) =>
  page.getByTestId('conversation').getAttribute('data-conversation-id');
const live = async (page: Page) => (await page.getByTestId('audit-live').textContent()) ?? '';

describe('the audit screen with the keyboard only', () => {
  it('keeps the focus on the rubric through scoring, the note, submitting, j/k and the end of the batch', async () => {
    const page = await signedInPage(e2e, 'auditor', { name: 'Kai Keyboard', width: 1440 });
    const { focused, tabTo } = focusProbe(page);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/conversations`);
    await page.getByTestId('start-panel').waitFor();

    // Take a batch of three: the form goes away, the first rubric toggle gets the focus.
    await tabTo('batch-size');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused()).toBe('rubric-item-question');
    const first = await openConversation(page);
    expect(await live(page)).toContain('0 of 3 conversations audited');
    expect(await live(page)).toContain('Conversation 1 of 3');

    // Score with a number key: the focus stays put.
    await page.keyboard.press('4');
    expect(await page.getByTestId('rubric-item-tone').getAttribute('aria-pressed')).toBe('false');
    expect(await focused()).toBe('rubric-item-question');

    // n → the note; Esc → back to the rubric, not the body.
    await page.keyboard.press('n');
    expect(await focused()).toBe('audit-note');
    await page.keyboard.type('Pushy.');
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('rubric-item-question');

    // Enter on a rubric toggle submits: the next conversation's first toggle has the focus.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('1 / 3');
    await expect.poll(() => openConversation(page)).not.toBe(first);
    await expect.poll(() => focused()).toBe('rubric-item-question');
    const second = await openConversation(page);
    await expect.poll(() => live(page)).toContain('1 of 3 conversations audited');
    expect(await live(page)).toContain('Conversation 2 of 3');
    // The next Tab goes on through the rubric (not back to the batch list).
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('rubric-item-tag');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('rubric-item-question');

    // k → the audited first conversation: its "next unaudited" button; Enter there → back to the second.
    await page.keyboard.press('k');
    await expect.poll(() => openConversation(page)).toBe(first);
    await expect.poll(() => focused()).toBe('next-unaudited');
    expect(await live(page)).toContain('Conversation 1 of 3');
    await page.keyboard.press('Enter');
    await expect.poll(() => openConversation(page)).toBe(second);
    await expect.poll(() => focused()).toBe('rubric-item-question');

    // j → the third, k → the second: the rubric is rebuilt each time and the focus follows.
    await page.keyboard.press('j');
    await expect.poll(() => live(page)).toContain('Conversation 3 of 3');
    await expect.poll(() => focused()).toBe('rubric-item-question');
    await page.keyboard.press('k');
    await expect.poll(() => openConversation(page)).toBe(second);
    await expect.poll(() => focused()).toBe('rubric-item-question');

    // Tab to the submit button, Enter: on to the third conversation's first toggle.
    await tabTo('submit-audit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('batch-progress').textContent()).toContain('2 / 3');
    await expect.poll(() => focused()).toBe('rubric-item-question');
    expect(await live(page)).toContain('2 of 3 conversations audited');
    expect(await live(page)).toContain('Conversation 3 of 3');

    // The last one: the batch is done, and its heading has the focus.
    await page.keyboard.press('Enter');
    await page.getByTestId('batch-done').waitFor();
    await expect.poll(() => focused()).toBe('batch-done-title');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('batch-size');

    const audits = await testDb.db.selectFrom('audits').select(['scores', 'note']).orderBy('id').execute();
    expect(audits).toHaveLength(3);
    expect(audits[0]).toMatchObject({ scores: { tone: false }, note: 'Pushy.' });
    expect(audits[1]).toMatchObject({ scores: { tone: true } });
    expect(problems).toEqual([]);
    await page.close();
  });
});
