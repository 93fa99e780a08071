import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BOT_CONVERSATION_LIMITS } from '../../common/api/bot-conversations.js';
import { type MessageOption, receive, sampleLookup } from '../../src/chatbot/index.js';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/**
 * The Conversations and Delivery failures tabs in Chromium, on conversations made through the
 * runtime (`receive`) as a channel would, on the real clock (transcripts merge by time).
 */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>Ana</b>';

/** A person writing to a bot through the runtime, as a web chat would, on the real clock. */
async function chat(botId: number, handle: string) {
  const deps = { db: testDb.db, secret: e2e.app.deps.config.secret, lookup: sampleLookup };
  let options: readonly MessageOption[] = [];
  const send = async (input: { kind: 'text'; text: string } | { kind: 'choose'; value: string }) => {
    const delivered = await receive(deps, { botId, channel: 'web', handle, input, now: new Date() });
    for (const m of delivered.messages) if (m.options.length > 0) options = m.options;
  };
  return {
    say: (text: string) => send({ kind: 'text', text }),
    press: (label: string) => {
      const option = options.find((o) => o.label === label);
      if (!option) throw new Error(`no button ${label}`);
      return send({ kind: 'choose', value: option.value });
    },
  };
}

async function openTab(page: Page, botId: number, tab: string): Promise<void> {
  await page.goto(`${e2e.baseUrl}/chatbots/${botId}`);
  await page.getByTestId(`tab-${tab}`).click();
}

describe('the Conversations tab', () => {
  it('lists a conversation made through receive() and shows its transcript as text, state and answers', async () => {
    const botId = await demoBotId(testDb.db, 'Transcript bot');
    const person = await chat(botId, 'maria@example.org');
    await person.say('oi');
    await person.press('👍 Sim');
    await person.press('Deixar um recado');
    await person.say(HOSTILE);
    await person.say('Preciso de ajuda');

    const page = await signedInPage(e2e, 'admin', { name: 'Cleo Conversations' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await openTab(page, botId, 'conversations');
    const rows = page.getByTestId('conversation-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    const row = (await rows.first().textContent()) ?? '';
    expect(row).toContain('finished');
    expect(row).not.toContain('maria');
    await page.screenshot({ path: path.join(ARTIFACTS, 'bot-conversations.png'), fullPage: true });

    await rows.first().getByRole('link').click();
    await page.getByTestId('conversation-transcript').waitFor();
    const texts = await page.getByTestId('transcript-text').allTextContents();
    expect(texts[0]).toBe('oi');
    expect(texts[1]).toContain('Olá! Eu sou a assistente de demonstração do Parley.');
    expect(texts).toContain('👍 Sim');
    expect(texts).toContain(HOSTILE);
    expect(texts).toContain(`Obrigada, ${HOSTILE}! Qual é o seu recado?`);
    const transcript = page.getByTestId('conversation-transcript');
    expect(await transcript.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.getByTestId('delivery-status').first().textContent()).toBe('pending');
    const answers = (await page.getByTestId('conversation-answers').textContent()) ?? '';
    expect(answers).toContain('P_NOME');
    expect(answers).toContain(HOSTILE);
    expect(await page.getByTestId('conversation-state').textContent()).toContain('P_RECADO_ok');
    await page.screenshot({ path: path.join(ARTIFACTS, 'bot-conversation.png'), fullPage: true });

    // Back to the list, on its tab.
    await page.getByRole('link', { name: '← Conversations' }).click();
    await page.getByTestId('conversation-row').first().waitFor();
    expect(page.url()).toContain('tab=conversations');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('loads older conversations on demand and exports the answers as CSV', async () => {
    const botId = await demoBotId(testDb.db, 'Busy bot');
    const total = BOT_CONVERSATION_LIMITS.page + 2;
    for (let i = 0; i < total; i++) await (await chat(botId, `visitor-${i}`)).say('oi');
    const writer = await chat(botId, 'writer');
    await writer.say('oi');
    await writer.press('👍 Sim');
    await writer.press('Deixar um recado');
    await writer.say('=1+1');
    await writer.say('Olá, ação 🎉');

    const page = await signedInPage(e2e, 'admin');
    await openTab(page, botId, 'conversations');
    const rows = page.getByTestId('conversation-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(BOT_CONVERSATION_LIMITS.page);
    await page.getByTestId('conversations-more').click();
    await expect.poll(() => rows.count()).toBe(total + 1);
    await page.getByTestId('conversations-more').waitFor({ state: 'detached' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('answers-export').click(),
    ]);
    const file = readFileSync((await download.path()) as string, 'utf8');
    const [header, line] = file.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(',').slice(0, 6)).toEqual([
      'conversation',
      'started_at',
      'ended_at',
      'end_reason',
      'tag_code',
      'P1',
    ]);
    expect(line).toContain(",'=1+1,");
    expect(line).toContain('Olá, ação 🎉');
    await page.close();
  });
});

describe('the Delivery failures tab', () => {
  it('lists a failed message with its error and queues it again', async () => {
    const botId = await demoBotId(testDb.db, 'Failing bot');
    const person = await chat(botId, 'failing-person');
    await person.say('oi');
    const message = await testDb.db
      .selectFrom('bot_outbox as o')
      .innerJoin('bot_conversations as c', 'c.id', 'o.conversation_id')
      .select('o.id')
      .where('c.bot_id', '=', botId)
      .orderBy('o.id')
      .executeTakeFirstOrThrow();
    await testDb.db
      .updateTable('bot_outbox')
      .set({ failed_at: new Date(), attempts: 6, last_error: 'HTTP 503 from the callback' })
      .where('id', '=', message.id)
      .execute();

    const page = await signedInPage(e2e, 'admin');
    await openTab(page, botId, 'failures');
    const row = page.getByTestId('failure-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('HTTP 503 from the callback');
    await page.getByTestId('failure-retry').click();
    await page.getByText('1 message queued again.').waitFor();
    await page.getByTestId('failures-none').waitFor();
    const after = await testDb.db
      .selectFrom('bot_outbox')
      .select(['failed_at', 'attempts'])
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ failed_at: null, attempts: 0 });
    await page.close();
  });
});

describe('the simulator', () => {
  it('numbers the option buttons and keeps its clock controls beside the chat at 1280×800', async () => {
    const botId = await demoBotId(testDb.db, 'Simulated bot');
    const page = await signedInPage(e2e, 'admin');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.baseUrl}/chatbots/${botId}/simulator`);
    await page.getByTestId('sim-input').fill('oi');
    await page.getByTestId('sim-send').click();
    const options = page.getByTestId('sim-option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(['1. 👍 Sim', '2. 👎 Não']);
    // Many turns later the chat scrolls inside its box; the controls stay in view, to its right.
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('sim-input').fill('não entendi');
      await page.getByTestId('sim-send').click();
      await expect.poll(() => page.getByTestId('sim-message').count()).toBeGreaterThan(2 + i * 2);
    }
    const chat = await page.getByTestId('sim-transcript').boundingBox();
    const controls = await page.getByTestId('sim-controls').boundingBox();
    const wait = await page.getByTestId('sim-wait').boundingBox();
    expect(chat && controls && wait).toBeTruthy();
    expect(controls!.x).toBeGreaterThanOrEqual(chat!.x + chat!.width);
    expect(wait!.y + wait!.height).toBeLessThanOrEqual(800);
    expect(await page.evaluate('document.documentElement.scrollHeight <= window.innerHeight + 1')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-1280x800.png') });
    await page.close();
  });
});
