import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Role } from '../../common/roles.js';
import { packageRoot } from '../../src/paths.js';
import { WEB_DIST } from '../../src/server/static.js';
import { buildTestApp, type TestApp, testConfig } from '../harness/app.js';
import { freePort } from '../harness/cli.js';
import type { TestDatabase } from '../harness/db.js';
import { checkIfChanged, instrumentBrowser } from './a11y.js';
import { launchBrowser } from './browser.js';

export const ARTIFACTS = path.join(packageRoot, 'test/e2e/artifacts');

export interface BrowserApp {
  app: TestApp;
  browser: Browser;
  baseUrl: string;
}

/**
 * For a browser test file: the real app serving the web build on a free port, against the file's
 * test database, and Chromium. `seed` runs once after start-up. Everything is closed afterwards.
 * Every page the browser opens is checked by axe (./a11y.ts) as the test goes and at its end.
 */
export function setupBrowserApp(testDb: TestDatabase, seed?: (app: TestApp) => Promise<void>): BrowserApp {
  const state: Partial<BrowserApp> = {};
  let openPages = (): Page[] => [];
  beforeAll(async () => {
    if (!existsSync(path.join(WEB_DIST, 'index.html')))
      throw new Error('no web build: run `npm run build:web` first');
    // The page's origin must be PUBLIC_URL's, or the server refuses its requests as cross-site.
    const port = await freePort();
    const config = testConfig({ PUBLIC_URL: `http://127.0.0.1:${port}` });
    state.app = await buildTestApp(testDb.db, { web: true, config });
    state.baseUrl = await state.app.app.listen({ port, host: '127.0.0.1' });
    state.browser = await launchBrowser();
    openPages = instrumentBrowser(state.browser).openPages;
    mkdirSync(ARTIFACTS, { recursive: true });
    await seed?.(state.app);
  });
  // Pages a test left open are checked as they were left.
  afterEach(async () => {
    for (const page of openPages()) await checkIfChanged(page);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.app?.close();
  });
  const get = <K extends keyof BrowserApp>(key: K): BrowserApp[K] => {
    const value = state[key];
    if (value === undefined) throw new Error('the browser app is only available inside tests');
    return value as BrowserApp[K];
  };
  return {
    get app() {
      return get('app');
    },
    get browser() {
      return get('browser');
    },
    get baseUrl() {
      return get('baseUrl');
    },
  };
}

/** A page in a new browser context, signed in as a new user of `role`, in `language` (default English). */
export async function signedInPage(
  e2e: BrowserApp,
  role: Role,
  options: { name?: string; width?: number; language?: 'en' | 'pt-BR' } = {},
): Promise<Page> {
  const { cookie } = await e2e.app.loginAs(role, options.name ? { name: options.name } : {});
  const language = options.language ?? 'en';
  const context = await e2e.browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: language,
  });
  // The language the UI keeps between visits (web/src/i18n/languages.ts), besides the browser's own.
  await context.addInitScript({ content: `localStorage.setItem('parley.language', '${language}');` });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: e2e.baseUrl }]);
  return context.newPage();
}
