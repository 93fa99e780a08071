import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBotId, TestChat } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { checkA11y } from './a11y.js';
import { focusProbe } from './keyboard.js';
import { setupBrowserApp, signedInPage } from './setup.js';

/**
 * Every page of the navigation and every tab, in English and Portuguese, as an admin and as an
 * auditor: the automatic axe check (a11y.ts) runs on each, and the skip link leads past the menu.
 */
const testDb = setupTestDatabase();
let botId = 0;
let conversationId = 0;
let texterId = 0;
const e2e = setupBrowserApp(testDb, async () => {
  botId = await demoBotId(testDb.db);
  conversationId = (await new TestChat(TestChat.deps(testDb.db), botId, 'every-page', new Date()).say('oi'))
    .conversationId as number;
  await seedCampaigns(testDb.db, [{ title: 'Get out the vote', conversations: 6, newest: new Date() }]);
  texterId = (await testDb.db.selectFrom('texters').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  await testDb.db
    .insertInto('support_points')
    .values({ name: 'Casa da Mulher Brasileira', category: 'Acolhimento', lat: -23.5655, lng: -46.6246 })
    .execute();
});

const ADMIN_PAGES = [
  '/',
  '/account',
  '/conversations',
  '/audits',
  '/users',
  '/chatbots',
  '/chatbots/import',
  '/chatbots/support-points',
  '/settings',
  '/settings/imports',
  '/settings/audit',
  '/moderation',
  '/settings/moderation/flag-types',
  '/settings/moderation/rules',
  '/reports',
  '/reports/chatbot-funnel',
  '/reports/new',
  '/reports/sources',
  '/no-such-page',
];
const AUDITOR_PAGES = ['/', '/account', '/conversations', '/users'];

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${e2e.baseUrl}${path}`);
  await page.locator('h1').first().waitFor();
  expect(await page.locator('h1').count(), `one h1 on ${path}`).toBe(1);
  await checkA11y(page, path);
}

async function tabs(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) {
    await page.getByTestId(id).click();
    await checkA11y(page, id);
  }
}

describe.each(['en', 'pt-BR'] as const)('every page in %s', (language) => {
  // About 40 pages and tabs, each checked by axe: in three parts, each within its own limit under load.
  it('as an admin: every page of the navigation', { timeout: 120_000 }, async () => {
    const page = await signedInPage(e2e, 'admin', { language });
    for (const path of ADMIN_PAGES) await visit(page, path);
    await page.context().close();
  });

  it("as an admin: a chatbot's pages and tabs", { timeout: 120_000 }, async () => {
    const page = await signedInPage(e2e, 'admin', { language });
    await visit(page, `/chatbots/${botId}`);
    await tabs(page, ['tab-questionnaires', 'tab-flow', 'tab-editor', 'tab-history']);
    await tabs(page, ['tab-channels', 'tab-conversations', 'tab-failures']);
    await visit(page, `/chatbots/${botId}/simulator`);
    await visit(page, `/chatbots/${botId}/conversations/${conversationId}`);
    await page.context().close();
  });

  it('as an admin: the audit, feedback and mail pages and tabs', { timeout: 120_000 }, async () => {
    const page = await signedInPage(e2e, 'admin', { language });
    await visit(page, `/audits/texters/${texterId}`);
    await visit(page, '/settings/audit');
    await tabs(page, ['tab-pool', 'tab-rubric', 'tab-agreement']);
    await visit(page, '/settings/audit/feedback');
    await tabs(page, ['feedback-tab-log', 'feedback-tab-optouts', 'feedback-tab-compose']);
    await visit(page, '/settings/mail');
    await tabs(page, ['tab-templates', 'tab-outbox']);
    await page.context().close();
  });

  it('signed out: sign-in, forgot password and the pages of one-time links', async () => {
    const context = await e2e.browser.newContext({ locale: language });
    await context.addInitScript({ content: `localStorage.setItem('parley.language', '${language}');` });
    const page = await context.newPage();
    for (const path of ['/login', '/forgot-password', '/reset-password/x', '/invite/x'])
      await visit(page, path);
    await context.close();
  });

  it('as an auditor, and the skip link leads to the content', async () => {
    const page = await signedInPage(e2e, 'auditor', { language });
    const { focused } = focusProbe(page);
    for (const path of AUDITOR_PAGES) await visit(page, path);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('MAIN');
    await page.context().close();
  });
});
