import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y } from './a11y.js';
import { launchBrowser } from './browser.js';

/** The check every browser test relies on must itself catch what it is there to catch. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('the accessibility check', () => {
  it('fails on a page with serious violations and passes an accessible one', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><body><main><h1>Form</h1><img src="x.png"><button></button>' +
        '<p style="color:#aaa;background:#fff">faint text</p></main></body></html>',
    );
    const failure = await checkA11y(page, 'bad page').then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/image-alt/);
    expect(failure).toMatch(/button-name/);
    expect(failure).toMatch(/color-contrast/);

    await page.setContent(
      '<html lang="en"><head><title>Fine</title></head><body><main><h1>Form</h1>' +
        '<img src="x.png" alt="Logo"><button>Send</button></main></body></html>',
    );
    await checkA11y(page, 'good page');
    await page.close();
  });
});
