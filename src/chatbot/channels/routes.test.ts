import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelCreated, ChannelList, ChannelView, SecretRotated } from '../../../common/api/chatbot.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { demoBotId } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { boxesOf } from './runtime-deps.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let botId: number;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
  botId = await demoBotId(testDb.db, 'Channels bot');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface ErrorReply {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

async function call<T>(method: Method, url: string, payload?: unknown, cookie = admin) {
  const response = await t.app.inject({ method, url, payload: payload as object, headers: { cookie } });
  return {
    status: response.statusCode,
    body: (response.body === '' ? undefined : response.json()) as T,
    raw: response.body,
    headers: response.headers,
  };
}

const PUBLIC_URL = 'http://localhost:3000';

describe('channel admin routes', () => {
  it('are for admins only', async () => {
    for (const role of ['moderator', 'auditor'] as const) {
      const cookie = (await t.loginAs(role)).cookie;
      const attempts: [Method, string, unknown?][] = [
        ['GET', `/api/bots/${botId}/channels`],
        ['POST', `/api/bots/${botId}/channels`, { kind: 'web', settings: { allowed_origins: [] } }],
        ['PATCH', '/api/channels/1', { enabled: false }],
        ['POST', '/api/channels/1/rotate-secret'],
        ['DELETE', '/api/channels/1'],
        ['PATCH', `/api/bots/${botId}/delivery`, { message_delay_ms: 10 }],
      ];
      for (const [method, url, body] of attempts)
        expect((await call(method, url, body, cookie)).status, `${role} ${method} ${url}`).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/bots/${botId}/channels` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('creates an HTTP API channel: the secret once, sealed at rest, never in a list; rotates it', async () => {
    const created = await call<ChannelCreated>('POST', `/api/bots/${botId}/channels`, {
      kind: 'api',
      settings: { callback_url: 'https://example.org/parley' },
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { channel, secret } = created.body;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(channel).toMatchObject({
      kind: 'api',
      enabled: true,
      settings: { callback_url: 'https://example.org/parley' },
      inbound_url: `${PUBLIC_URL}/api/channels/${channel.id}/inbound`,
      docs_url: `${PUBLIC_URL}/api/docs`,
      embed_snippet: null,
      standalone_url: null,
    });
    expect(channel.secret_set_at).not.toBeNull();

    const stored = await testDb.db
      .selectFrom('bot_channels')
      .select('secret')
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret?.toString('latin1')).not.toContain(secret);
    expect(boxesOf(t.deps.config.secret).channelSecrets.open(stored.secret as Buffer)).toBe(secret);

    const list = await call<ChannelList>('GET', `/api/bots/${botId}/channels`);
    expect(list.status).toBe(200);
    expect(list.raw).not.toContain(secret as string);
    expect(list.raw).not.toContain('"secret"');
    expect(list.body.channels.map((c) => c.kind)).toEqual(['api']);
    expect(list.body.delivery).toEqual({ number_messages: false, message_delay_ms: 0 });

    const rotated = await call<SecretRotated>('POST', `/api/channels/${channel.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const after = await testDb.db
      .selectFrom('bot_channels')
      .select('secret')
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(boxesOf(t.deps.config.secret).channelSecrets.open(after.secret as Buffer)).toBe(
      rotated.body.secret,
    );
    const patched = await call<ChannelView>('PATCH', `/api/channels/${channel.id}`, { enabled: false });
    expect(patched.raw).not.toContain(rotated.body.secret);
    expect(patched.body.enabled).toBe(false);

    const twice = await call<ErrorReply>('POST', `/api/bots/${botId}/channels`, {
      kind: 'api',
      settings: { callback_url: 'https://example.org/other' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('channel_exists');
  });

  it('creates a web channel with its embed snippet and page, updates and deletes it', async () => {
    const created = await call<ChannelCreated>('POST', `/api/bots/${botId}/channels`, {
      kind: 'web',
      settings: { allowed_origins: ['https://www.example.org/'] },
      enabled: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBeNull();
    const { channel } = created.body;
    expect(channel).toMatchObject({
      kind: 'web',
      enabled: false,
      secret_set_at: null,
      settings: { allowed_origins: ['https://www.example.org'], exit_url: 'https://www.google.com/' },
      embed_snippet: `<script src="${PUBLIC_URL}/chat/widget.js" data-bot="${botId}" async></script>`,
      standalone_url: `${PUBLIC_URL}/chat/${botId}`,
      inbound_url: null,
      docs_url: null,
    });

    const updated = await call<ChannelView>('PATCH', `/api/channels/${channel.id}`, {
      settings: {
        allowed_origins: ['https://a.example', 'http://localhost:8080'],
        exit_url: 'https://news.example/',
      },
      enabled: true,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      enabled: true,
      settings: {
        allowed_origins: ['https://a.example', 'http://localhost:8080'],
        exit_url: 'https://news.example/',
      },
    });

    const noSecret = await call<ErrorReply>('POST', `/api/channels/${channel.id}/rotate-secret`);
    expect(noSecret.status).toBe(409);

    const bot = await call<{ channels: string[] }>('GET', `/api/bots/${botId}`);
    expect(bot.body.channels).toEqual(['api', 'web']);
    const deleted = await call('DELETE', `/api/channels/${channel.id}`);
    expect(deleted.status).toBe(204);
    expect((await call('DELETE', `/api/channels/${channel.id}`)).status).toBe(404);
    expect((await call<{ channels: string[] }>('GET', `/api/bots/${botId}`)).body.channels).toEqual(['api']);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const other = await demoBotId(testDb.db, 'Bad input bot');
    const url = `/api/bots/${other}/channels`;
    const cases: [unknown, string][] = [
      [{ kind: 'sms', settings: {} }, 'kind'],
      [{ kind: 'web' }, 'settings'],
      [
        { kind: 'web', settings: { allowed_origins: ['https://ok.example', 'not a url'] } },
        'settings.allowed_origins[1]',
      ],
      [
        { kind: 'web', settings: { allowed_origins: ['https://ok.example/path'] } },
        'settings.allowed_origins[0]',
      ],
      [
        { kind: 'web', settings: { allowed_origins: [], exit_url: 'javascript:alert(1)' } },
        'settings.exit_url',
      ],
      [{ kind: 'api', settings: { callback_url: 'ftp://example.org/' } }, 'settings.callback_url'],
      [{ kind: 'api', settings: {} }, 'settings'],
    ];
    for (const [body, field] of cases) {
      const reply = await call<ErrorReply>('POST', url, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(reply.body.error), JSON.stringify(body)).toContain(field);
    }
    const none = await testDb.db
      .selectFrom('bot_channels')
      .select('id')
      .where('bot_id', '=', other)
      .execute();
    expect(none).toEqual([]);

    const ok = await call<ChannelCreated>('POST', url, {
      kind: 'api',
      settings: { callback_url: 'https://x.example' },
    });
    const badPatch = await call<ErrorReply>('PATCH', `/api/channels/${ok.body.channel.id}`, {
      settings: { callback_url: 'nope' },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error).toMatchObject({
      code: 'invalid_channel_settings',
      details: [{ path: 'settings.callback_url', message: expect.any(String) }],
    });
    expect((await call<ErrorReply>('PATCH', `/api/channels/${ok.body.channel.id}`, {})).status).toBe(400);
    // Unknown fields are dropped (the app's schemas remove them): nothing left to change is refused.
    expect(
      (await call<ErrorReply>('PATCH', `/api/channels/${ok.body.channel.id}`, { secret: 'x' })).status,
    ).toBe(400);
    expect((await call('PATCH', '/api/channels/999999', { enabled: true })).status).toBe(404);
    expect(
      (await call('POST', '/api/bots/999999/channels', { kind: 'web', settings: { allowed_origins: [] } }))
        .status,
    ).toBe(404);
    expect((await call('GET', '/api/bots/999999/channels')).status).toBe(404);
    expect((await call('GET', '/api/bots/abc/channels')).status).toBe(400);
  });

  it('creates a Telegram channel: the bot token required, checked, sealed and never shown', async () => {
    const telegramBot = await demoBotId(testDb.db, 'Telegram channel bot');
    const url = `/api/bots/${telegramBot}/channels`;
    const token = '123456789:AAHsecretsecretsecretsecretsecret';
    const missing = await call<ErrorReply>('POST', url, { kind: 'telegram', settings: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_channel_settings');
    expect(missing.body.error.details?.map((d) => d.path)).toEqual(['credentials']);
    const bad = await call<ErrorReply>('POST', url, {
      kind: 'telegram',
      settings: { api_base_url: 'ftp://x' },
      credentials: { bot_token: 'not a token' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual([
      'credentials.bot_token',
      'settings.api_base_url',
    ]);
    expect(bad.raw).not.toContain('not a token');

    const created = await call<ChannelCreated>('POST', url, {
      kind: 'telegram',
      settings: {},
      credentials: { bot_token: token },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { channel } = created.body;
    expect(channel).toMatchObject({
      kind: 'telegram',
      settings: { api_base_url: 'https://api.telegram.org' },
      inbound_url: `${PUBLIC_URL}/api/channels/${channel.id}/telegram`,
      docs_url: null,
    });
    expect(channel.credentials_set_at).not.toBeNull();
    const list = await call<ChannelList>('GET', url);
    expect(list.raw).not.toContain(token);
    expect(list.raw).not.toContain('AAHsecret');
    const stored = await testDb.db
      .selectFrom('bot_channels')
      .select('credentials')
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(stored.credentials?.toString('latin1')).not.toContain('AAHsecret');
    const box = boxesOf(t.deps.config.secret).channelSecrets;
    expect(JSON.parse(box.open(stored.credentials as Buffer))).toEqual({ bot_token: token });

    const changed = await call<ChannelView>('PATCH', `/api/channels/${channel.id}`, {
      credentials: { bot_token: '987654321:AAHanotheranotheranotheranother' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.credentials_set_at).not.toBeNull();
    const api = await call<ErrorReply>('PATCH', `/api/channels/${channel.id}`, {
      credentials: { bot_token: 1 },
    });
    expect(api.status).toBe(400);
  });

  it('creates a WhatsApp channel: number id, access token and app secret checked, verify token once', async () => {
    const whatsappBot = await demoBotId(testDb.db, 'WhatsApp channel bot');
    const url = `/api/bots/${whatsappBot}/channels`;
    const bad = await call<ErrorReply>('POST', url, {
      kind: 'whatsapp',
      settings: { phone_number_id: '+55 11', list_button: 'x'.repeat(21) },
      credentials: { access_token: 'EAAGsecretsecretsecretsecret', app_secret: 'nothex' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual([
      'credentials.app_secret',
      'settings.list_button',
      'settings.phone_number_id',
    ]);
    expect(bad.raw).not.toContain('EAAGsecret');
    const created = await call<ChannelCreated>('POST', url, {
      kind: 'whatsapp',
      settings: { phone_number_id: '106540352242922' },
      credentials: {
        access_token: 'EAAGsecretsecretsecretsecret',
        app_secret: '0123456789abcdef0123456789abcdef',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.channel).toMatchObject({
      kind: 'whatsapp',
      settings: {
        phone_number_id: '106540352242922',
        api_base_url: 'https://graph.facebook.com',
        api_version: 'v21.0',
        list_button: 'Opções',
      },
      inbound_url: `${PUBLIC_URL}/api/channels/${created.body.channel.id}/whatsapp`,
    });
    const list = await call<ChannelList>('GET', url);
    expect(list.raw).not.toContain('EAAGsecret');
    expect(list.raw).not.toContain('0123456789abcdef');
    const rotated = await call<SecretRotated>(
      'POST',
      `/api/channels/${created.body.channel.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
  });

  it('sets the delivery settings within their range', async () => {
    const url = `/api/bots/${botId}/delivery`;
    const set = await call('PATCH', url, { number_messages: true, message_delay_ms: 2000 });
    expect(set).toMatchObject({ status: 200, body: { number_messages: true, message_delay_ms: 2000 } });
    const one = await call('PATCH', url, { message_delay_ms: 0 });
    expect(one.body).toEqual({ number_messages: true, message_delay_ms: 0 });
    const bot = await testDb.db
      .selectFrom('bots')
      .select(['number_messages', 'message_delay_ms'])
      .where('id', '=', botId)
      .executeTakeFirstOrThrow();
    expect(bot).toEqual({ number_messages: true, message_delay_ms: 0 });

    for (const [body, field] of [
      [{ message_delay_ms: 10_001 }, 'message_delay_ms'],
      [{ message_delay_ms: -1 }, 'message_delay_ms'],
      [{ message_delay_ms: 1.5 }, 'message_delay_ms'],
      [{ number_messages: 'yes' }, 'number_messages'],
      [{ colour: 'red' }, 'body'],
    ] as const) {
      const reply = await call<ErrorReply>('PATCH', url, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(reply.body.error.details)).toContain(field);
    }
    expect((await call<ErrorReply>('PATCH', url, {})).status).toBe(400);
    expect((await call('PATCH', '/api/bots/999999/delivery', { message_delay_ms: 1 })).status).toBe(404);
  });
});
