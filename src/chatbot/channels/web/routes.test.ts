import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TOKEN_HEADER, type ChatMessages } from '../../../../common/api/channels.js';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import { buildTestApp, type TestApp, testConfig } from '../../../../test/harness/app.js';
import { demoBotId, TEST_SECRET } from '../../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { memoryLogger } from '../../../../test/harness/logs.js';
import { startListener } from '../../../db/listener.js';
import { deliverDue } from '../../delivery/loop.js';
import { userKeyOf } from '../../user-key.js';
import { createChannel, updateChannel } from '../manage.js';
import { boxesOf } from '../runtime-deps.js';
import { webAdapter } from './adapter.js';

const testDb = setupTestDatabase();
/** Every line the app logged, at every level: no visitor token may be among them. */
const captured = memoryLogger('trace');
const logLines = captured.lines;
let t: TestApp;
let botId: number;
let channelId: number;
/** Every token the tests used, looked for in the logs and the tables at the end. */
const tokens: string[] = [];

const newToken = () => {
  const token = randomBytes(24).toString('base64url');
  tokens.push(token);
  return token;
};
const newId = () => randomBytes(16).toString('base64url');

beforeAll(async () => {
  t = await buildTestApp(testDb.db, { logger: captured.logger });
  botId = await demoBotId(testDb.db, 'Web chat bot');
  const created = await createChannel(testDb.db, boxesOf(TEST_SECRET).channelSecrets, {
    botId,
    kind: 'web',
    settings: {
      allowed_origins: ['https://org.example', 'http://localhost:8080'],
      exit_url: 'https://neutral.example/',
    },
  });
  channelId = created.channel.id;
});
afterAll(() => t.close());

interface Options {
  readonly token?: string | null;
  readonly bot?: number | string;
  readonly address?: string;
  readonly headers?: Record<string, string>;
}

async function post(body: unknown, options: Options = {}) {
  const token = options.token === undefined ? newToken() : options.token;
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/chat/${options.bot ?? botId}/messages`,
    headers: { ...(token === null ? {} : { [CHAT_TOKEN_HEADER]: token }), ...options.headers },
    payload: body as object,
    ...(options.address ? { remoteAddress: options.address } : {}),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

async function read(token: string, after = 0, bot: number | string = botId) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/chat/${bot}/messages?after=${after}`,
    headers: { [CHAT_TOKEN_HEADER]: token },
  });
  return { status: response.statusCode, body: response.json() as ChatMessages };
}

/** Runs delivery passes until nothing is due, as the loop of `parley serve` would. */
async function deliver(): Promise<void> {
  const options = { adapters: { web: webAdapter }, addresses: boxesOf(TEST_SECRET).addresses };
  while ((await deliverDue(testDb.db, options)).claimed > 0);
}

async function counts() {
  const row = await sql<{ inbound: number; conversations: number; outbox: number }>`
    select (select count(*)::int from bot_inbound) as inbound,
           (select count(*)::int from bot_conversations) as conversations,
           (select count(*)::int from bot_outbox) as outbox`.execute(testDb.db);
  return row.rows[0];
}

/** One visitor: sends, and reads what was delivered since the last read. */
class Visitor {
  readonly token = newToken();
  after = 0;
  last: ChatMessages = { messages: [], ended: false };

  async send(input: { text: string } | { choose: string }) {
    const reply = await post({ id: newId(), ...input }, { token: this.token });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  }

  async press(label: string) {
    const options = this.last.messages.flatMap((m) => m.options);
    const option = options.find((o) => o.label === label);
    if (!option) throw new Error(`no "${label}" among ${options.map((o) => o.label).join(', ')}`);
    await this.send({ choose: option.value });
  }

  async receive(): Promise<ChatMessages> {
    const reply = await read(this.token, this.after);
    expect(reply.status).toBe(200);
    this.last = reply.body;
    this.after = reply.body.messages.at(-1)?.id ?? this.after;
    return reply.body;
  }
}

describe('the chat page', () => {
  it('lets only the allowed origins frame it, and says where quick exit goes', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/chat/${botId}?embed=1&lang=pt-BR` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['x-frame-options']).toBeUndefined();
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self' https://org.example http://localhost:8080");
    expect(csp).toContain("script-src 'self'");
    expect(page.body).toContain(`data-bot="${botId}"`);
    expect(page.body).toContain('data-exit="https://neutral.example/"');
    expect(page.body).toContain('data-embed="1"');
    expect(page.body).toContain('<html lang="pt-BR">');
    // Other pages keep the global protection.
    const other = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(other.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('is a 404 page for a bot without web chat, a disabled one, or no bot', async () => {
    const other = await demoBotId(testDb.db, 'No web chat');
    const disabled = await demoBotId(testDb.db, 'Web chat turned off');
    const { channel } = await createChannel(testDb.db, boxesOf(TEST_SECRET).channelSecrets, {
      botId: disabled,
      kind: 'web',
      settings: { allowed_origins: [] },
    });
    await updateChannel(testDb.db, channel.id, { enabled: false });
    const urls = [`/chat/${other}`, `/chat/${disabled}`, '/chat/99999999', '/chat/abc', '/chat/0'];
    for (const url of urls) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(404);
      expect(page.body, url).toContain('data-unavailable="1"');
      expect(String(page.headers['content-security-policy']), url).toContain("frame-ancestors 'self'");
    }
    for (const bot of [other, disabled, 99999999]) {
      const reply = await post({ id: newId(), text: 'oi' }, { bot });
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('channel_unavailable');
      expect((await read(newToken(), 0, bot)).status).toBe(404);
    }
  });
});

describe('sending and reading', () => {
  it('shows replies only once delivered, and a retried message is processed once', async () => {
    const visitor = new Visitor();
    const id = newId();
    const first = await post({ id, text: 'oi' }, { token: visitor.token });
    expect(first).toMatchObject({ status: 200, body: { status: 'processed' } });
    const again = await post({ id, text: 'oi' }, { token: visitor.token });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(await visitor.receive()).toEqual({ messages: [], ended: false });
    await deliver();
    const page = await visitor.receive();
    expect(page.ended).toBe(false);
    expect(page.messages).toHaveLength(1);
    expect(page.messages[0]?.text).toContain('Você concorda com os termos de uso?');
    expect(page.messages[0]?.options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);
    // Nothing new after the last one.
    expect((await visitor.receive()).messages).toEqual([]);
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from bot_inbound i join bot_conversations c on c.id = i.conversation_id
      where c.bot_id = ${botId} and c.channel = 'web' and c.channel_id = ${channelId}`.execute(testDb.db);
    expect(stored.rows[0]?.n).toBe(1);
  });

  it('takes a typed option number, walks the demo bot to its end, and says when it ended', async () => {
    const visitor = new Visitor();
    await visitor.send({ text: 'olá' });
    await deliver();
    await visitor.receive();
    await visitor.send({ text: '1' });
    await deliver();
    const questionnaire = await visitor.receive();
    expect(questionnaire.messages.map((m) => m.text)).toContain('Sobre o que você quer conversar?');
    await visitor.press('Sobre outra pessoa');
    await deliver();
    await visitor.receive();
    await visitor.press('Sim, agora');
    // Stored and ended, but not delivered: not ended for the visitor yet.
    expect(await visitor.receive()).toEqual({ messages: [], ended: false });
    await deliver();
    const end = await visitor.receive();
    expect(end.messages.map((m) => m.text).join('\n')).toContain('ligue 190');
    expect(end.ended).toBe(true);
    // "Back to start" from the same token starts a new conversation.
    await visitor.press(end.messages.at(-1)?.options[0]?.label ?? '');
    await deliver();
    const again = await visitor.receive();
    expect(again.ended).toBe(false);
    expect(again.messages[0]?.text).toContain('Que bom ter você de volta');
  });

  it("shows a visitor nothing of another visitor's conversation", async () => {
    const alice = new Visitor();
    await alice.send({ text: 'oi' });
    await deliver();
    expect((await alice.receive()).messages).toHaveLength(1);
    const mallory = new Visitor();
    expect(await mallory.receive()).toEqual({ messages: [], ended: false });
    // Reusing Alice's message id is Mallory's own message, not a duplicate of hers.
    const reply = await post({ id: newId(), text: 'oi' }, { token: mallory.token });
    expect(reply.body.status).toBe('processed');
  });

  it('keeps a message back while an earlier one of the visitor is not delivered', async () => {
    const visitor = new Visitor();
    await visitor.send({ text: 'oi' });
    await visitor.send({ text: 'oi de novo' });
    const rows = await sql<{ id: number }>`
      select id from bot_outbox where channel = 'web' and sent_at is null
      and user_key = ${userKeyOf(TEST_SECRET, 'web', visitor.token)} order by id`.execute(testDb.db);
    const ids = rows.rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    // The later message is marked sent first: it waits for the earlier one.
    const last = ids.at(-1) as number;
    await sql`update bot_outbox set sent_at = now() where id = ${last}`.execute(testDb.db);
    expect((await visitor.receive()).messages).toEqual([]);
    await deliver();
    const page = await visitor.receive();
    expect(page.messages.map((m) => m.id)).toEqual([...page.messages.map((m) => m.id)].sort((a, b) => a - b));
    expect(page.messages.at(-1)?.id).toBe(last);
  });
});

describe('bad input', () => {
  const cases: [string, unknown, Options, RegExp][] = [
    ['no token', { id: newId(), text: 'oi' }, { token: null }, /x-parley-chat-token/],
    ['a short token', { id: newId(), text: 'oi' }, { token: 'abc' }, /x-parley-chat-token/],
    [
      'a token with spaces',
      { id: newId(), text: 'oi' },
      { token: 'a b c d e f g h i j k l m n o p' },
      /token/,
    ],
    ['no id', { text: 'oi' }, {}, /id/],
    ['a bad id', { id: 'x', text: 'oi' }, {}, /\/id/],
    ['neither text nor choose', { id: newId() }, {}, /text.*choose|choose.*text/],
    ['both text and choose', { id: newId(), text: 'oi', choose: 'x' }, {}, /text.*choose|choose.*text/],
    ['an empty text', { id: newId(), text: '' }, {}, /text/],
    ['a long text', { id: newId(), text: 'x'.repeat(CHANNEL_LIMITS.textMax + 1) }, {}, /text/],
    ['an object for text', { id: newId(), text: { html: '<b>' } }, {}, /text/],
    ['a list for choose', { id: newId(), choose: ['a', 'b'] }, {}, /choose/],
    ['a NUL in the text', { id: newId(), text: 'a\u0000b' }, {}, /text/],
    ['an array body', [1, 2], {}, /body/],
    ['a bot that is not a number', { id: newId(), text: 'oi' }, { bot: 'abc' }, /bot/],
  ];

  it.each(cases)(
    'refuses %s with 400 naming the field, storing nothing',
    async (_name, body, options, field) => {
      const before = await counts();
      const reply = await post(body, options);
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(reply.body.error.message).toMatch(field);
      expect(await counts()).toEqual(before);
    },
  );

  it('refuses a body that is not JSON, and bad `after` values', async () => {
    const raw = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${botId}/messages`,
      headers: { [CHAT_TOKEN_HEADER]: newToken(), 'content-type': 'application/json' },
      payload: '{"id": "',
    });
    expect(raw.statusCode).toBe(400);
    for (const after of ['-1', 'abc', '1e400', '99999999999999999999']) {
      const reply = await read(newToken(), after as unknown as number);
      expect(reply.status, after).toBe(400);
    }
    const noToken = await t.app.inject({ method: 'GET', url: `/api/chat/${botId}/messages` });
    expect(noToken.statusCode).toBe(400);
  });
});

describe('rate limits', () => {
  it('answer 429 past the messages one token may send in a minute', async () => {
    const token = newToken();
    // Bad bodies are refused, but counted first: the limit is per request.
    const statuses: number[] = [];
    for (let i = 0; i < CHANNEL_LIMITS.webPerTokenPerMinute; i++)
      statuses.push((await post({ id: newId(), text: '' }, { token, address: '198.51.100.1' })).status);
    expect(new Set(statuses)).toEqual(new Set([400]));
    const over = await post({ id: newId(), text: 'oi' }, { token, address: '198.51.100.2' });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another token is not held back.
    expect((await post({ id: newId(), text: 'oi' }, { address: '198.51.100.2' })).status).toBe(200);
  });

  it('answer 429 past the requests one address may send, before reading anything', async () => {
    const address = '198.51.100.77';
    for (let i = 0; i < CHANNEL_LIMITS.webPerAddressPerMinute; i++) {
      const reply = await post({ id: 'x' }, { address });
      expect(reply.status).toBe(400);
    }
    const before = await counts();
    const over = await post({ id: newId(), text: 'oi' }, { address });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(await counts()).toEqual(before);
    expect((await post({ id: newId(), text: 'oi' }, { address: '198.51.100.78' })).status).toBe(200);
  });

  it('count the address a trusted proxy gives (TRUST_PROXY)', async () => {
    const proxied = await buildTestApp(testDb.db, { config: testConfig({ TRUST_PROXY: '127.0.0.1' }) });
    try {
      const send = (forwarded: string) =>
        proxied.app.inject({
          method: 'POST',
          url: `/api/chat/${botId}/messages`,
          headers: { [CHAT_TOKEN_HEADER]: newToken(), 'x-forwarded-for': forwarded },
          payload: { id: 'x' },
        });
      for (let i = 0; i < CHANNEL_LIMITS.webPerAddressPerMinute; i++)
        expect((await send('203.0.113.9')).statusCode).toBe(400);
      expect((await send('203.0.113.9')).statusCode).toBe(429);
      expect((await send('203.0.113.10')).statusCode).toBe(400);
    } finally {
      await proxied.close();
    }
  });
});

/** Reads server-sent events from a real connection, as the widget does (fetch, token in a header). */
async function openStream(baseUrl: string, token: string, after = 0) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/chat/${botId}/stream?after=${after}`, {
    headers: { [CHAT_TOKEN_HEADER]: token },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let buffer = '';
  const next = async (timeoutMs: number): Promise<ChatMessages> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data) return JSON.parse(data) as ChatMessages;
        continue;
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error('no event in time');
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), left)),
      ]);
      if (chunk.done) throw new Error('the stream ended');
      buffer += chunk.value;
    }
  };
  return { next, close: () => abort.abort() };
}

describe('the stream', () => {
  it('sends the state at once, then the replies once delivered (polling without notifications)', async () => {
    const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const visitor = new Visitor();
    const stream = await openStream(baseUrl, visitor.token);
    expect(await stream.next(5_000)).toEqual({ messages: [], ended: false });
    await visitor.send({ text: 'oi' });
    await deliver();
    const page = await stream.next(5_000);
    expect(page.messages[0]?.options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);
    stream.close();
    // Reopened after the last message: nothing is sent twice.
    const reopened = await openStream(baseUrl, visitor.token, page.messages.at(-1)?.id);
    expect(await reopened.next(5_000)).toEqual({ messages: [], ended: false });
    reopened.close();
  });

  it('is woken by the delivery notification, and closing the app ends open streams', async () => {
    const notifications = await startListener(testDb.url);
    const app = await buildTestApp(testDb.db, { notifications });
    let closed = false;
    try {
      const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
      const visitor = new Visitor();
      const stream = await openStream(address, visitor.token);
      expect(await stream.next(5_000)).toEqual({ messages: [], ended: false });
      await visitor.send({ text: 'oi' });
      const started = Date.now();
      await deliver();
      // Without the notification the stream would wait for its 15 s check.
      const page = await stream.next(5_000);
      expect(page.messages).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(5_000);
      const closing = Date.now();
      await app.close();
      closed = true;
      expect(Date.now() - closing).toBeLessThan(5_000);
      await expect(stream.next(2_000)).rejects.toThrow(/ended|no event/);
    } finally {
      if (!closed) await app.close();
      await notifications.stop();
    }
  });
});

describe('privacy', () => {
  it('keeps no visitor token in any log line or table', async () => {
    expect(tokens.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(10);
    const logs = logLines.join('\n');
    for (const token of tokens) expect(logs.includes(token), 'a token in the logs').toBe(false);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(testDb.db);
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(
        testDb.db,
      );
      const text = rows.rows.map((r) => r.row).join('\n');
      for (const token of tokens) expect(text.includes(token), `a token in ${table_name}`).toBe(false);
    }
  });
});
