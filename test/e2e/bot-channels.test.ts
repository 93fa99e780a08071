import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** The Channels tab of a bot page in Chromium: channels, their secret shown once, delivery settings. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

async function storedSecret(channelId: number): Promise<string> {
  const row = await testDb.db
    .selectFrom('bot_channels')
    .select('secret')
    .where('id', '=', channelId)
    .executeTakeFirstOrThrow();
  return boxesOf(e2e.app.deps.config.secret).channelSecrets.open(row.secret as Buffer);
}

async function channelOf(botId: number, kind: 'web' | 'api' | 'telegram' | 'whatsapp' | 'twitter') {
  return testDb.db
    .selectFrom('bot_channels')
    .selectAll()
    .where('bot_id', '=', botId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

async function openChannels(page: Page, botId: number): Promise<void> {
  await page.goto(`${e2e.baseUrl}/chatbots/${botId}`);
  await page.getByTestId('tab-channels').click();
  await page.getByTestId('add-api-channel').waitFor();
}

/** The secret in the dialog, then the dialog closed; checks it says it is shown this once. */
async function takeSecret(page: Page): Promise<string> {
  const dialog = page.getByTestId('secret-dialog');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('you will not see it again');
  const secret = ((await page.getByTestId('channel-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.getByTestId('secret-done').click();
  await dialog.waitFor({ state: 'detached' });
  return secret;
}

describe('the Channels tab', () => {
  it('adds an HTTP API channel, shows its secret once, and rotates it', async () => {
    const botId = await demoBotId(testDb.db, 'API channel bot');
    const page = await signedInPage(e2e, 'admin', { name: 'Cora Channels' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await openChannels(page, botId);

    await page.getByTestId('add-api-channel').click();
    await page.getByTestId('channel-form').waitFor();
    // The server refuses the URL: the reason is on the field, in English here.
    await page.getByTestId('channel-callback-url').fill('ftp://example.org/replies');
    await page.getByTestId('channel-save').click();
    const field = page.getByTestId('channel-form').getByText('Must be an http:// or https:// URL.');
    await field.waitFor();
    expect(await channelOf(botId, 'api')).toBeUndefined();

    await page.getByTestId('channel-callback-url').fill('https://example.org/replies');
    await page.getByTestId('channel-save').click();
    const secret = await takeSecret(page);
    const channel = await channelOf(botId, 'api');
    expect(channel).toBeDefined();
    expect(await storedSecret(channel!.id)).toBe(secret);

    const card = page.getByTestId('channel-api');
    await card.waitFor();
    expect(await page.getByTestId('channel-inbound-url').textContent()).toBe(
      `${e2e.baseUrl}/api/channels/${channel!.id}/inbound`,
    );
    expect(await page.getByTestId('channel-callback-shown').textContent()).toContain(
      'https://example.org/replies',
    );
    expect(await page.getByTestId('channel-secret-set-at').textContent()).toContain('cannot be shown again');
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: path.join(ARTIFACTS, 'bot-channels.png'), fullPage: true });

    // Rotating asks first, then shows the new secret once; the old one is gone.
    await page.getByTestId('channel-rotate').click();
    await page.getByTestId('channel-confirm').waitFor();
    await page.getByTestId('channel-confirm').click();
    const rotated = await takeSecret(page);
    expect(rotated).not.toBe(secret);
    expect(await storedSecret(channel!.id)).toBe(rotated);

    await page.reload();
    await page.getByTestId('channel-api').waitFor();
    const html = await page.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(rotated);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('adds a web chat in Portuguese with the problems on their fields, turns it off, and deletes it', async () => {
    const botId = await demoBotId(testDb.db, 'Web channel bot');
    const page = await signedInPage(e2e, 'admin', { language: 'pt-BR' });
    await openChannels(page, botId);

    await page.getByTestId('add-web-channel').click();
    await page.getByTestId('channel-origins').fill('https://www.example.org\nexample.org/path');
    await page.getByTestId('channel-save').click();
    await page.getByText('A linha 2 não é uma origem como https://www.example.org').waitFor();
    expect(await channelOf(botId, 'web')).toBeUndefined();

    await page.getByTestId('channel-origins').fill('https://www.example.org\nhttps://apoio.example.org');
    await page.getByTestId('channel-exit-url').fill('https://news.example.org/');
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-web').waitFor();
    // No secret for a web chat: no dialog.
    expect(await page.getByTestId('secret-dialog').count()).toBe(0);
    expect(await page.getByTestId('channel-embed').textContent()).toBe(
      `<script src="${e2e.baseUrl}/chat/widget.js" data-bot="${botId}" async></script>`,
    );
    expect(await page.getByTestId('channel-origins-shown').textContent()).toContain(
      'https://www.example.org, https://apoio.example.org',
    );
    const stored = await channelOf(botId, 'web');
    expect(stored).toMatchObject({
      enabled: true,
      settings: {
        allowed_origins: ['https://www.example.org', 'https://apoio.example.org'],
        exit_url: 'https://news.example.org/',
      },
    });

    await page.getByTestId('channel-web').getByRole('switch', { name: 'Ativo' }).click();
    await expect.poll(async () => (await channelOf(botId, 'web'))?.enabled).toBe(false);

    await page.getByTestId('channel-delete').click();
    await page.getByTestId('channel-confirm').waitFor();
    await page.getByTestId('channel-confirm').click();
    await page.getByTestId('channel-web').waitFor({ state: 'detached' });
    await page.getByText('Chat web excluído.').waitFor();
    expect(await channelOf(botId, 'web')).toBeUndefined();
    await page.close();
  });

  it('adds a Telegram channel: the bot token checked, never shown, and how to register the webhook', async () => {
    const botId = await demoBotId(testDb.db, 'Telegram channel bot');
    const page = await signedInPage(e2e, 'admin');
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await openChannels(page, botId);

    await page.getByTestId('add-telegram-channel').click();
    await page.getByTestId('channel-form').waitFor();
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-form').getByText('Required.').waitFor();
    await page.getByTestId('channel-bot-token').fill('not-a-token');
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-form').getByText('Not a bot token like').waitFor();
    expect(await channelOf(botId, 'telegram')).toBeUndefined();

    const token = '123456789:AAHe2ee2ee2ee2ee2ee2ee2ee2ee2e';
    await page.getByTestId('channel-bot-token').fill(token);
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-telegram').waitFor();
    expect(await page.getByTestId('secret-dialog').count()).toBe(0);
    const channel = await channelOf(botId, 'telegram');
    expect(channel?.settings).toEqual({ api_base_url: 'https://api.telegram.org' });
    expect(await page.getByTestId('channel-webhook-url').textContent()).toBe(
      `${e2e.baseUrl}/api/channels/${channel!.id}/telegram`,
    );
    expect(await page.getByTestId('channel-register-hint').textContent()).toContain(
      `parley channel telegram register-webhook ${channel!.id}`,
    );
    expect(await page.getByTestId('channel-credentials-set-at').textContent()).toContain(
      'cannot be shown again',
    );
    await page.reload();
    await page.getByTestId('channel-telegram').waitFor();
    expect(await page.content()).not.toContain('AAHe2e');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('adds a WhatsApp channel in Portuguese: its verify token once, the callback URL for Meta', async () => {
    const botId = await demoBotId(testDb.db, 'WhatsApp channel bot');
    const page = await signedInPage(e2e, 'admin', { language: 'pt-BR' });
    await openChannels(page, botId);
    await page.getByTestId('add-whatsapp-channel').click();
    await page.getByTestId('channel-form').waitFor();
    await page.getByTestId('channel-phone-number-id').fill('106540352242922');
    await page.getByTestId('channel-access-token').fill('EAAGe2ee2ee2ee2ee2ee2ee2ee2e');
    await page.getByTestId('channel-app-secret').fill('not hex');
    await page.getByTestId('channel-save').click();
    await page.getByText('32 caracteres hexadecimais, como a Meta mostra.').waitFor();
    expect(await channelOf(botId, 'whatsapp')).toBeUndefined();

    await page.getByTestId('channel-app-secret').fill('0123456789abcdef0123456789abcdef');
    await page.getByTestId('channel-save').click();
    const dialog = page.getByTestId('secret-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Token de verificação');
    const token = ((await page.getByTestId('channel-secret').textContent()) ?? '').trim();
    const channel = await channelOf(botId, 'whatsapp');
    expect(await storedSecret(channel!.id)).toBe(token);
    await page.getByTestId('secret-done').click();
    await page.getByTestId('channel-whatsapp').waitFor();
    expect(await page.getByTestId('channel-webhook-url').textContent()).toBe(
      `${e2e.baseUrl}/api/channels/${channel!.id}/whatsapp`,
    );
    expect(await page.getByTestId('channel-phone-number-id-shown').textContent()).toContain(
      '106540352242922',
    );
    await page.reload();
    await page.getByTestId('channel-whatsapp').waitFor();
    const html = await page.content();
    expect(html).not.toContain('EAAGe2e');
    expect(html).not.toContain('0123456789abcdef');
    expect(html).not.toContain(token);
    await page.close();
  });

  it('adds a Twitter/X channel: its account, environment and four keys, never shown again', async () => {
    const botId = await demoBotId(testDb.db, 'Twitter channel bot');
    const page = await signedInPage(e2e, 'admin');
    await openChannels(page, botId);
    await page.getByTestId('add-twitter-channel').click();
    await page.getByTestId('channel-form').waitFor();
    await page.getByTestId('channel-account-id').fill('@penhas');
    await page.getByTestId('channel-env-name').fill('dev');
    await page.getByTestId('channel-consumer-key').fill('xvz1evFS4wEEPTGEFPHBog');
    await page.getByTestId('channel-consumer-secret').fill('kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw');
    await page
      .getByTestId('channel-twitter-token')
      .fill('370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb');
    await page.getByTestId('channel-twitter-token-secret').fill('LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE');
    await page.getByTestId('channel-save').click();
    await page.getByText("Digits only: the account's user id.").waitFor();
    await page.getByTestId('channel-account-id').fill('370773112');
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-twitter').waitFor();
    const channel = await channelOf(botId, 'twitter');
    expect(channel?.settings).toEqual({
      account_id: '370773112',
      env_name: 'dev',
      api_base_url: 'https://api.twitter.com',
    });
    expect(await page.getByTestId('channel-register-hint').textContent()).toContain(
      `parley channel twitter register-webhook ${channel!.id}`,
    );
    await page.reload();
    await page.getByTestId('channel-twitter').waitFor();
    const html = await page.content();
    expect(html).not.toContain('kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw');
    expect(html).not.toContain('LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE');
    await page.close();
  });

  it('saves the delivery settings', async () => {
    const botId = await demoBotId(testDb.db, 'Delivery bot');
    const page = await signedInPage(e2e, 'admin');
    await openChannels(page, botId);
    await page.getByRole('switch', { name: /Number the messages of a turn/ }).click();
    await page.getByTestId('delivery-delay').fill('1500');
    await page.getByTestId('delivery-save').click();
    await page.getByText('Delivery settings saved.').waitFor();
    const bot = await testDb.db
      .selectFrom('bots')
      .select(['number_messages', 'message_delay_ms'])
      .where('id', '=', botId)
      .executeTakeFirstOrThrow();
    expect(bot).toEqual({ number_messages: true, message_delay_ms: 1500 });
    await page.close();
  });
});
