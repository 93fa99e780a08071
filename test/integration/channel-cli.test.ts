import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBotId } from '../harness/chatbot.js';
import { runCli } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';
import { addTelegramChannel, FakeTelegram } from '../harness/telegram.js';
import { addTwitterChannel, FakeTwitter } from '../harness/twitter.js';

const testDb = setupTestDatabase();
const SECRET = 's'.repeat(40);
const env = () => ({
  DATABASE_URL: testDb.url,
  PARLEY_SECRET: SECRET,
  PUBLIC_URL: 'https://parley.example.org',
});

describe('parley channel', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await FakeTelegram.start();
  });
  afterAll(() => fake.close());

  it('telegram register-webhook calls setWebhook with the webhook URL and the secret token', async () => {
    const channel = await addTelegramChannel(testDb.db, SECRET, await demoBotId(testDb.db), fake.url);
    const done = await runCli(['channel', 'telegram', 'register-webhook', String(channel.id)], env());
    expect(done.stderr).toBe('');
    const url = `https://parley.example.org/api/channels/${channel.id}/telegram`;
    expect(done).toMatchObject({
      code: 0,
      stdout: `Telegram will send the bot's updates to ${url} (Webhook was set)\n`,
    });
    expect(fake.calls).toEqual([
      {
        method: 'setWebhook',
        token: fake.token,
        body: { url, secret_token: channel.secret, allowed_updates: ['message', 'callback_query'] },
      },
    ]);

    const unknown = await runCli(['channel', 'telegram', 'register-webhook', '999999'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not found');
    const bad = await runCli(['channel', 'telegram', 'register-webhook', 'abc'], env());
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'parley: "abc" is not a channel id (see the bot\'s Channels page)\n',
    });
  });

  it('twitter register-webhook registers the webhook and subscribes the account', async () => {
    const twitter = await FakeTwitter.start();
    try {
      const channelId = await addTwitterChannel(
        testDb.db,
        SECRET,
        await demoBotId(testDb.db, 'Twitter CLI bot'),
        twitter.url,
      );
      const done = await runCli(['channel', 'twitter', 'register-webhook', String(channelId)], env());
      expect(done.stderr).toBe('');
      expect(done.stdout).toBe(
        `Twitter sends the account's direct messages to https://parley.example.org/api/channels/${channelId}/twitter (webhook 1234567890)\n`,
      );
      expect(twitter.calls.map((c) => c.signatureOk)).toEqual([true, true]);
    } finally {
      await twitter.close();
    }
  });
});
