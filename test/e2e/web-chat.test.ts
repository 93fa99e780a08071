import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_LIMITS } from '../../common/limits.js';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { webAdapter } from '../../src/chatbot/channels/web/adapter.js';
import { type DeliveryLoop, startDelivery } from '../../src/chatbot/delivery/loop.js';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp } from './setup.js';

/**
 * The web chat in Chromium: embedded by its one script tag in a page of another origin (a second
 * HTTP server on 127.0.0.1, another port), also reached as `localhost` (another site: the browser
 * then refuses the frame any storage), and as the standalone page. Replies reach the page only
 * through the delivery loop.
 */
const testDb = setupTestDatabase();

/** The organisation's site: a page before, the page with the widget, and the neutral exit. */
let host: Server;
let hostOrigin = '';
/** The same server under another site's name. */
let crossSiteOrigin = '';
let parleyUrl = '';
let botId = 0;
/** A bot whose web chat allows no other origin. */
let closedBotId = 0;
let delivery: DeliveryLoop | null = null;

const PAGES: Record<string, (bot: number) => string> = {
  '/before': () => page('Before', '<p>The page before.</p>'),
  '/closed': () =>
    page('Elsewhere', `<script src="${parleyUrl}/chat/widget.js" data-bot="${closedBotId}" async></script>`),
  '/': (bot) =>
    page(
      'Our organisation',
      `<p>Help is available.</p><script src="${parleyUrl}/chat/widget.js" data-bot="${bot}" data-lang="pt-BR" async></script>`,
    ),
  '/neutral': () => page('Weather', '<p>Sunny all week.</p>'),
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

beforeAll(async () => {
  host = createServer((request, response) => {
    const render = PAGES[request.url ?? ''];
    if (!render) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(render(botId));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const port = (host.address() as AddressInfo).port;
  hostOrigin = `http://127.0.0.1:${port}`;
  crossSiteOrigin = `http://localhost:${port}`;
});

const e2e = setupBrowserApp(testDb, async (app) => {
  parleyUrl = app.deps.config.publicUrl;
  botId = await demoBotId(testDb.db, 'Web chat demo');
  await createChannel(testDb.db, boxesOf(app.deps.config.secret).channelSecrets, {
    botId,
    kind: 'web',
    settings: { allowed_origins: [hostOrigin, crossSiteOrigin], exit_url: `${hostOrigin}/neutral` },
  });
  closedBotId = await demoBotId(testDb.db, 'Closed to other sites');
  await createChannel(testDb.db, boxesOf(app.deps.config.secret).channelSecrets, {
    botId: closedBotId,
    kind: 'web',
    settings: { allowed_origins: [] },
  });
  delivery = startDelivery({
    db: testDb.db,
    adapters: { web: webAdapter },
    addresses: boxesOf(app.deps.config.secret).addresses,
    idleMs: 100,
  });
});

afterAll(async () => {
  await delivery?.stop();
  await new Promise((resolve) => host.close(resolve));
});

/** Script errors of any page the tests open (each test ends by checking there were none). */
const pageErrors: string[] = [];

async function newPage(locale = 'en'): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const opened = await context.newPage();
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  return opened;
}

const focusedText = (page: Page) => page.evaluate<string>("document.activeElement?.textContent ?? ''");

function chatFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/chat/'));
  if (!frame) throw new Error('no chat frame');
  return frame;
}

const botTexts = (chat: FrameLocator | Page) => chat.locator('.pc-bot .pc-text').allTextContents();
const storageOf = (frame: Frame | Page) => frame.evaluate<string>('JSON.stringify(sessionStorage)');

describe('the widget on another site', () => {
  it('chats to the end of a path, forgets the ended conversation, and quick exit leaves for good', async () => {
    const page = await newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${hostOrigin}/before`);
    await page.goto(`${hostOrigin}/`);
    const launcher = page.getByRole('button', { name: 'Conversar' });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await launcher.click();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const chat = page.frameLocator('iframe[title="Chat"]');
    await expect.poll(() => chat.locator('.pc-note').textContent()).toContain('30 minutos');
    // Opening the panel puts the keyboard in the message box.
    await expect.poll(() => chatFrame(page).evaluate<string>('document.activeElement.id')).toBe('pc-input');

    const input = chat.getByLabel('Sua mensagem');
    await input.fill('oi');
    await input.press('Enter');
    await chat.getByRole('button', { name: '1. 👍 Sim' }).click();
    await chat.getByRole('button', { name: '2. Sobre outra pessoa' }).click();
    await expect.poll(() => botTexts(chat)).toContain('Essa pessoa corre perigo agora?');
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat-widget.png') });

    // While the conversation runs, its transcript and token are kept in the frame's sessionStorage.
    const kept = JSON.parse(await storageOf(chatFrame(page))) as Record<string, string>;
    const saved = JSON.parse(kept[`parley-chat:${botId}`] ?? '{}') as { token: string; entries: unknown[] };
    expect(saved.token.length).toBeGreaterThanOrEqual(22);
    expect(saved.entries.length).toBeGreaterThan(4);
    expect(urls.filter((url) => url.includes(saved.token))).toEqual([]);

    // The option's number, typed, answers too.
    await input.fill('1');
    await input.press('Enter');
    await expect.poll(() => botTexts(chat)).toContainEqual(expect.stringContaining('ligue 190'));
    await chat.getByText('A conversa terminou').waitFor();
    expect(await storageOf(chatFrame(page))).toBe('{}');
    // Still shown, and "back to start" still works from memory.
    await chat.getByRole('button', { name: '1. 🔃 Voltar ao início' }).click();
    await expect.poll(() => botTexts(chat)).toContain('Que bom ter você de volta! Quer começar de novo?');
    await expect.poll(() => storageOf(chatFrame(page))).toContain('Que bom ter você de volta');

    await chat.getByRole('button', { name: 'Saída rápida' }).click();
    await page.waitForURL(`${hostOrigin}/neutral`);
    await page.goBack();
    expect(page.url()).toBe(`${hostOrigin}/before`);

    // Back on the site in the same tab: nothing of the conversation was kept.
    await page.goto(`${hostOrigin}/`);
    await launcher.click();
    await chat.getByText('Escreva uma mensagem para começar.').waitFor();
    expect(await storageOf(chatFrame(page))).toBe('{}');

    // Esc twice on the organisation's own page leaves too.
    await page.getByRole('heading', { name: 'Our organisation' }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(`${hostOrigin}/neutral`);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('works in memory on another site whose frames the browser refuses storage', async () => {
    const page = await newPage();
    await page.goto(`${crossSiteOrigin}/before`);
    await page.goto(`${crossSiteOrigin}/`);
    await page.getByRole('button', { name: 'Conversar' }).click();
    const chat = page.frameLocator('iframe[title="Chat"]');
    await chat.getByLabel('Sua mensagem').fill('oi');
    await chat.getByLabel('Sua mensagem').press('Enter');
    await chat.getByRole('button', { name: '1. 👍 Sim' }).click();
    await expect.poll(() => botTexts(chat)).toContain('Sobre o que você quer conversar?');
    await expect(storageOf(chatFrame(page))).rejects.toThrow(/sessionStorage/);
    await chat.getByRole('button', { name: 'Saída rápida' }).click();
    await page.waitForURL(`${hostOrigin}/neutral`);
    await page.goBack();
    expect(page.url()).toBe(`${crossSiteOrigin}/before`);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows nothing on a site that is not among the allowed origins', async () => {
    const page = await newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.goto(`${hostOrigin}/closed`);
    await expect.poll(() => refused.join('\n')).toContain('frame-ancestors');
    await page.waitForTimeout(500);
    expect(await page.getByRole('button', { name: 'Chat' }).isVisible()).toBe(false);
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

describe('the loader script', () => {
  it('may be loaded by other sites, and is revalidated rather than fetched again', async () => {
    const first = await fetch(`${parleyUrl}/chat/widget.js`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/javascript');
    expect(first.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${parleyUrl}/chat/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // The chat page's own files stay same-origin.
    const script = await fetch(`${parleyUrl}/chat/chat.js`);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

describe('the standalone page', () => {
  it('works from the keyboard, shows bot texts as text, keeps the transcript over a reload', async () => {
    const page = await newPage('en');
    await page.goto(`${hostOrigin}/before`);
    await page.goto(`${parleyUrl}/chat/${botId}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Quick exit' }).waitFor();
    expect(await page.getByText('not kept on this device').isVisible()).toBe(true);

    // Keyboard only: Tab to the box, type, Enter; Tab back to the buttons.
    for (let i = 0; i < 10 && (await page.evaluate<string>('document.activeElement.id')) !== 'pc-input'; i++)
      await page.keyboard.press('Tab');
    await page.keyboard.type('oi');
    await page.keyboard.press('Enter');
    const yes = page.getByRole('button', { name: '1. 👍 Sim' });
    await yes.waitFor();
    for (let i = 0; i < 10 && (await focusedText(page)) !== '1. 👍 Sim'; i++)
      await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '4. Deixar um recado' }).click();
    await expect.poll(() => botTexts(page)).toContain('Como você gostaria de ser chamada?');
    const hostile = '<img src=x onerror="window.__pwned=1"><b>Ana</b>';
    await page.getByLabel('Your message').fill(hostile);
    await page.getByLabel('Your message').press('Enter');
    await expect.poll(() => botTexts(page)).toContain(`Obrigada, ${hostile}! Qual é o seu recado?`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat-page.png') });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('.pc-log img, .pc-log b').count()).toBe(0);

    await page.reload();
    await expect.poll(() => botTexts(page)).toContain(`Obrigada, ${hostile}! Qual é o seu recado?`);
    expect(await page.locator('.pc-me .pc-text').allTextContents()).toContain(hostile);

    // Esc twice: the page is replaced by the neutral site, and Back does not return to the chat.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(`${hostOrigin}/neutral`);
    await page.goBack();
    expect(page.url()).toBe(`${hostOrigin}/before`);
    await page.goto(`${parleyUrl}/chat/${botId}`);
    await page.getByText('Write a message to start.').waitFor();
    expect(await storageOf(page)).toBe('{}');
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it(`forgets a conversation left alone for ${CHANNEL_LIMITS.webIdleMinutes} minutes`, async () => {
    const page = await newPage('pt-BR');
    await page.clock.install();
    await page.goto(`${parleyUrl}/chat/${botId}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await page.getByLabel('Sua mensagem').fill('oi');
    await page.getByLabel('Sua mensagem').press('Enter');
    await page.getByRole('button', { name: '1. 👍 Sim' }).waitFor();
    expect(await storageOf(page)).toContain('parley-chat');
    await page.clock.fastForward(CHANNEL_LIMITS.webIdleMinutes * 60_000 + 20_000);
    await page.getByText('A conversa foi apagada após 30 minutos sem atividade.', { exact: false }).waitFor();
    expect(await storageOf(page)).toBe('{}');
    expect(await page.locator('.pc-entry').count()).toBe(0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('polls when the stream does not get through', async () => {
    const page = await newPage('en');
    const polls: string[] = [];
    // As behind a proxy that cuts event streams.
    await page.route('**/stream?*', (route) => route.abort());
    page.on('request', (request) => {
      if (request.url().includes('/messages?after=')) polls.push(request.url());
    });
    await page.goto(`${parleyUrl}/chat/${botId}?lang=pt-BR`);
    await page.getByLabel('Sua mensagem').fill('oi');
    await page.getByLabel('Sua mensagem').press('Enter');
    await page.getByRole('button', { name: '1. 👍 Sim' }).click();
    await expect.poll(() => botTexts(page)).toContain('Sobre o que você quer conversar?');
    expect(polls.length).toBeGreaterThan(0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('says so for a bot without web chat', async () => {
    const page = await newPage('pt-BR');
    const response = await page.goto(`${parleyUrl}/chat/999999`);
    expect(response?.status()).toBe(404);
    await page.getByText('Este chat não está disponível.').waitFor();
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
