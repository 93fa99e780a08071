import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/**
 * The accessibility check every browser test runs: axe-core with WCAG 2.1 A/AA and best practice,
 * failing on any serious or critical violation. It is injected from the installed package
 * (@axe-core/playwright needs Node 22).
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now and throws a readable error on serious or critical violations. */
export async function checkA11y(page: Page, label?: string): Promise<void> {
  await waitForQuiet(page);
  // The root tsconfig has no DOM types: what runs in the page is written as expressions.
  const injected = await page.evaluate<boolean>("typeof window.axe === 'object'");
  // CDP evaluation is not subject to the page's CSP, unlike an inline script tag.
  if (!injected) await page.evaluate(axe.source);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] });
  const violations = await page.evaluate<Violation[]>(`window.axe.run(document, ${options}).then((results) =>
    results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    })))`);
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  if (failing.length > 0) throw new Error(describeViolations(label ?? page.url(), failing));
}

/** Animations (Mantine's modal and notification transitions) would be measured half-faded. */
async function waitForQuiet(page: Page): Promise<void> {
  // Loaders spin forever: only wait for the animations that end, and not for long.
  await page.evaluate(`Promise.race([
    Promise.all(document.getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ])`);
  await page.waitForTimeout(250);
}

function describeViolations(label: string, violations: Violation[]): string {
  const lines = violations.map((v) => {
    const selectors = v.nodes
      .slice(0, 5)
      .map((node) => node.target.map(String).join(' '))
      .join(', ');
    const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
    const summary = (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').trim();
    return `- ${v.id} [${v.impact}] ${v.help}: ${selectors}${more}\n    ${summary}`;
  });
  return `accessibility violations on ${label}:\n${lines.join('\n')}`;
}

/**
 * Makes every page the browser opens checked by itself: after navigations and waits the test makes
 * (goto, waitForURL, locator.waitFor), before screenshots and before the page or its context
 * closes. `openPages` returns the pages still open, for an afterEach to check.
 */
export function instrumentBrowser(browser: Browser): { openPages: () => Page[] } {
  const pages = new Set<Page>();
  const track = (page: Page) => {
    if (tracked.has(page)) return;
    tracked.add(page);
    pages.add(page);
    page.on('close', () => pages.delete(page));
    instrumentPage(page);
  };
  const instrumentContext = (context: BrowserContext) => {
    context.on('page', track);
    const close = context.close.bind(context);
    context.close = async (options) => {
      try {
        for (const page of context.pages()) if (tracked.has(page)) await checkIfChanged(page);
      } finally {
        await close(options);
      }
    };
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    instrumentContext(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    track(page);
    return page;
  };
  return { openPages: () => [...pages] };
}

const tracked = new WeakSet<Page>();
const lastChecked = new WeakMap<Page, string>();
const failed = new WeakSet<Page>();

/**
 * Checks the page unless it looks exactly as when it was last checked. A page that failed is not
 * checked again: its test has failed already, and the afterEach would only repeat the report.
 */
export async function checkIfChanged(page: Page): Promise<void> {
  if (page.isClosed() || failed.has(page)) return;
  const state = await page.evaluate<string>('location.href + "\\n" + document.documentElement.outerHTML');
  if (lastChecked.get(page) === state) return;
  lastChecked.set(page, state);
  try {
    await checkA11y(page);
  } catch (error) {
    failed.add(page);
    throw error;
  }
}

function instrumentPage(page: Page): void {
  patchLocatorWaitFor(page);
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    await checkIfChanged(page);
    return response;
  };
  const waitForURL = page.waitForURL.bind(page);
  page.waitForURL = async (url, options) => {
    await waitForURL(url, options);
    await checkIfChanged(page);
  };
  const screenshot = page.screenshot.bind(page);
  page.screenshot = async (options) => {
    await checkIfChanged(page);
    return screenshot(options);
  };
  const close = page.close.bind(page);
  page.close = async (options) => {
    try {
      await checkIfChanged(page);
    } finally {
      await close(options);
    }
  };
}

let locatorPatched = false;

/**
 * `locator.waitFor()` is how the tests wait for a page state; Playwright has no hook for it, so the
 * shared Locator prototype is wrapped once, and checks only the pages instrumented here.
 */
function patchLocatorWaitFor(page: Page): void {
  if (locatorPatched) return;
  locatorPatched = true;
  const prototype = Object.getPrototypeOf(page.locator('html')) as Locator;
  const waitFor = prototype.waitFor;
  prototype.waitFor = async function (this: Locator, options) {
    await waitFor.call(this, options);
    const owner = this.page();
    if (tracked.has(owner) && (options?.state ?? 'visible') === 'visible') await checkIfChanged(owner);
  };
}
