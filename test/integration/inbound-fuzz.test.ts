import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TOKEN_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../common/api/channels.js';
import { sign } from '../../src/chatbot/channels/api/signature.js';
import { createChannel, updateChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { buildTestApp, type TestApp, testConfig } from '../harness/app.js';
import { addApiChannel } from '../harness/channels.js';
import { demoBotId, TEST_SECRET } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { memoryLogger } from '../harness/logs.js';

/**
 * Bad input at the doors of the chatbot (docs/chatbot.md, "Channels"): random bodies (JSON of
 * every kind, raw bytes, invalid UTF-8, NUL and lone surrogates, huge strings, bodies over the
 * 64 KiB limit, wrong types, junk nested in the right shape) and random headers (timestamps
 * missing, garbage, stale or from the future; signatures missing, garbage, of another body or
 * secret — and bodies correctly signed but malformed) at every inbound route: the HTTP API
 * channel's `POST /api/channels/:id/inbound` (valid, disabled, other-kind and unknown ids) and
 * the web chat's `POST` and `GET /api/chat/:bot/messages`. No answer may be a 5xx, every 4xx has
 * the error shape, and a refused request (≥ 400) writes no row in bot_inbound, bot_conversations,
 * bot_outbox or bot_events. `FUZZ_REQUESTS=20000` for a longer hunt (a failure prints
 * fast-check's seed and the server's log line of the 500).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1800);

const testDb = setupTestDatabase();
let t: TestApp;
const captured = memoryLogger('error', 50);
const errorLog = captured.lines;
/** The bot with both channels; one whose channels are turned off; one with none. */
const bots = { live: 0, disabled: 0, bare: 0 };
const apiChannels = { live: { id: 0, secret: '' }, disabled: { id: 0, secret: '' } };
let webChannelId = 0;
const tally = new Map<string, number>();

beforeAll(async () => {
  t = await buildTestApp(testDb.db, {
    config: testConfig({ PARLEY_SECRET: TEST_SECRET }),
    logger: captured.logger,
  });
  const box = boxesOf(TEST_SECRET).channelSecrets;
  const web = { allowed_origins: ['https://www.example.org'] };
  bots.live = await demoBotId(testDb.db, 'Fuzz: live');
  bots.disabled = await demoBotId(testDb.db, 'Fuzz: channels off');
  bots.bare = await demoBotId(testDb.db, 'Fuzz: no channels');
  // Replies go nowhere: no delivery runs here.
  apiChannels.live = await addApiChannel(testDb.db, TEST_SECRET, bots.live, 'http://127.0.0.1:9/');
  apiChannels.disabled = await addApiChannel(testDb.db, TEST_SECRET, bots.disabled, 'http://127.0.0.1:9/');
  await updateChannel(testDb.db, apiChannels.disabled.id, { enabled: false });
  webChannelId = (await createChannel(testDb.db, box, { botId: bots.live, kind: 'web', settings: web }))
    .channel.id;
  await createChannel(testDb.db, box, { botId: bots.disabled, kind: 'web', settings: web, enabled: false });
});
afterAll(() => t.close());

// ---- Values -------------------------------------------------------------------------------------

const KIB = 1024;
/** Strings a store may choke on: NUL, lone surrogates, control characters, RTL marks. */
const poison = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u001b[31m',
  '\u202Eevil',
  '\uFEFF',
  '\\u0000',
  '%00',
);
const oddString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: poison, weight: 3 },
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'oi',
      '1',
      '2',
      'reiniciar',
      '__proto__',
      'null',
      'n:node_tos_accepted',
    ),
    weight: 3,
  },
);
/** Long strings: near and past the text limit (4,000) and the body limit (64 KiB). */
const longString = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀', '\u0000', '"', '\\'),
    fc.constantFrom(4_000, 4_001, 20_000, 70 * KIB),
  )
  .map(([unit, count]) => unit.repeat(count));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: oddString, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, [], {}), weight: 2 },
  { arbitrary: longString, weight: 1 },
);
/** Event ids: fresh mostly, some already sent by another user (to be answered, never to fail). */
const eventIdValue = fc.oneof(
  { arbitrary: fc.uuid(), weight: 6 },
  { arbitrary: fc.constantFrom('dup-1', 'dup-2'), weight: 1 },
  { arbitrary: oddString, weight: 2 },
  { arbitrary: fc.constant('e'.repeat(201)), weight: 1 },
);
const userValue = fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2', '+5511900000000'), oddString);
const textValue = fc.oneof(oddString, longString);
const chooseValue = fc.oneof(fc.constantFrom('n:node_tos_accepted', 'a:3:0', 'b', 'x', 'a:999:9'), oddString);

/** JSON text no JSON.stringify writes: deep nesting, huge literals, duplicates, prototypes. */
const rawJson = fc.oneof(
  fc.integer({ min: 100, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 100, max: 5_000 }).map((n) => `{"text":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"oi"',
    '{',
    '{"event_id":"a","user":"b","text":"oi","text":"ai"}',
    '{"__proto__":{"polluted":true},"event_id":"p","user":"p","text":"oi"}',
    '{"event_id":"big","user":"b","text":"oi","n":1e400}',
    '\uFEFF{"event_id":"bom","user":"b","text":"oi"}',
    '{"event_id":"nul","user":"b","text":"a\\u0000b"}',
    '{"event_id":"sur","user":"b","text":"a\\ud800b"}',
    'event_id=a&user=b&text=oi',
  ),
);
/** Bytes that are not UTF-8, alone and inside an otherwise fine body. */
const invalidUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc
    .constantFrom([0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82])
    .map((bad) =>
      Buffer.concat([
        Buffer.from('{"event_id":"utf","user":"u","text":"a'),
        Buffer.from(bad),
        Buffer.from('"}'),
      ]),
    ),
);

type Payload = string | Buffer | undefined;

/** What a person sends: typed text or a button's value (exactly one, as the routes want). */
const contentValue = fc.oneof(
  textValue.map((text) => ({ text })),
  chooseValue.map((choose) => ({ choose })),
);

/**
 * Bodies around a valid one: as it is, or with one field replaced by junk, removed, or joined by
 * an unknown one; and bodies of no shape at all (any JSON, JSON no serializer writes, bytes).
 */
function bodyArbitrary(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Payload> {
  const shaped = fc
    .record({
      body: valid,
      change: fc.constantFrom('keep', 'keep', 'keep', 'keep', 'replace', 'replace', 'remove', 'extra'),
      which: fc.nat(),
      key: oddString,
      value: anyValue,
    })
    .map(({ body, change, which, key, value }) => {
      const keys = Object.keys(body);
      const target = keys[which % keys.length] as string;
      if (change === 'replace') return JSON.stringify({ ...body, [target]: value });
      if (change === 'remove') return JSON.stringify({ ...body, [target]: undefined });
      if (change === 'extra') return JSON.stringify({ ...body, [key || 'extra']: value });
      return JSON.stringify(body);
    });
  return fc.oneof(
    { arbitrary: shaped, weight: 10 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: rawJson, weight: 2 },
    { arbitrary: invalidUtf8, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

const contentType = fc.oneof(
  { arbitrary: fc.constant<string | null>('application/json'), weight: 8 },
  {
    arbitrary: fc.constantFrom<string | null>(
      null,
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'garbage',
      '',
    ),
    weight: 2,
  },
);
/** Random addresses keep the web chat's per-address limits out of the way; one fixed meets them. */
const remoteAddress = fc.oneof(
  { arbitrary: fc.ipV4(), weight: 9 },
  { arbitrary: fc.constant('203.0.113.7'), weight: 1 },
);

// ---- Requests ----------------------------------------------------------------------------------

interface Sent {
  readonly route: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload: Payload;
  readonly remoteAddress: string;
}

const badIds = fc.constantFrom(
  '0',
  '-1',
  'abc',
  '1.5',
  '99999999',
  '2147483648',
  '1e3',
  '%00',
  'a'.repeat(300),
);

const apiInbound: fc.Arbitrary<Sent> = fc
  .record({
    channel: fc.oneof(
      { arbitrary: fc.constant('live'), weight: 8 },
      { arbitrary: fc.constantFrom('disabled', 'web', 'bad'), weight: 2 },
    ),
    badId: badIds,
    body: bodyArbitrary(
      fc
        .tuple(eventIdValue, userValue, contentValue)
        .map(([event_id, user, content]) => ({ event_id, user, ...content })),
    ),
    timestamp: fc.oneof(
      { arbitrary: fc.constant<[string, number]>(['now', 0]), weight: 8 },
      {
        arbitrary: fc.tuple(fc.constantFrom('old', 'future'), fc.integer({ min: 301, max: 1e9 })),
        weight: 1,
      },
      { arbitrary: fc.tuple(fc.constantFrom('edge'), fc.integer({ min: -299, max: 299 })), weight: 1 },
      {
        arbitrary: fc.tuple(fc.constantFrom('missing', 'garbage', 'float', 'huge', 'spaced'), fc.nat()),
        weight: 1,
      },
    ),
    signature: fc.oneof(
      { arbitrary: fc.constant('valid'), weight: 8 },
      {
        arbitrary: fc.constantFrom(
          'missing',
          'garbage',
          'wrong-secret',
          'other-body',
          'no-prefix',
          'upper',
          'twice',
        ),
        weight: 3,
      },
    ),
    garbage: oddString,
    contentType,
    remoteAddress,
  })
  .map((r): Sent => {
    const now = Math.floor(Date.now() / 1000);
    const [mode, offset] = r.timestamp;
    const seconds = mode === 'old' ? now - offset : mode === 'future' || mode === 'edge' ? now + offset : now;
    const stamp = timestampHeader(mode, now, seconds, r.garbage);
    const secret =
      r.channel === 'disabled'
        ? apiChannels.disabled.secret
        : r.signature === 'wrong-secret'
          ? 'nope'
          : apiChannels.live.secret;
    const raw = r.body ?? '';
    const signed = sign(secret, seconds, r.signature === 'other-body' ? `${raw}x` : raw);
    const signature = signatureHeader(r.signature, signed, r.garbage);
    const headers: Record<string, string> = {};
    if (r.contentType !== null) headers['content-type'] = r.contentType;
    if (stamp !== null) headers[TIMESTAMP_HEADER] = stamp;
    if (signature !== null) headers[SIGNATURE_HEADER] = signature;
    const id = {
      live: apiChannels.live.id,
      disabled: apiChannels.disabled.id,
      web: webChannelId,
      bad: r.badId,
    }[r.channel];
    return {
      route: 'POST /api/channels/:id/inbound',
      method: 'POST',
      url: `/api/channels/${id}/inbound`,
      headers: sanitizeHeaders(headers),
      payload: r.body,
      remoteAddress: r.remoteAddress,
    };
  });

/** The timestamp header as the mode wants it (null: left out). */
function timestampHeader(mode: string, now: number, seconds: number, garbage: string): string | null {
  switch (mode) {
    case 'missing':
      return null;
    case 'garbage':
      return garbage;
    case 'float':
      return `${now}.5`;
    case 'huge':
      return '9'.repeat(30);
    case 'spaced':
      return ` ${now} `;
    default:
      return String(seconds);
  }
}

/** The signature header as the mode wants it (null: left out). */
function signatureHeader(mode: string, signed: string, garbage: string): string | null {
  switch (mode) {
    case 'missing':
      return null;
    case 'garbage':
      return garbage;
    case 'no-prefix':
      return signed.replace(/^sha256=/, '');
    case 'upper':
      return signed.toUpperCase();
    case 'twice':
      return `${signed},${signed}`;
    default:
      return signed;
  }
}

/** Header values HTTP can carry (inject refuses others before any server code runs). */
function sanitizeHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')]),
  );
}

/** The widget's message ids: random and valid mostly. */
const webMessageId = fc.oneof(
  { arbitrary: fc.constant(null).map(() => randomBytes(12).toString('base64url')), weight: 8 },
  { arbitrary: oddString, weight: 1 },
);

const tokenValue = fc.oneof(
  { arbitrary: fc.constant('pool'), weight: 2 },
  { arbitrary: fc.constant('fresh'), weight: 6 },
  { arbitrary: fc.constantFrom('missing', 'short', 'long', 'chars', 'garbage'), weight: 2 },
);
const TOKEN_POOL = Array.from({ length: 8 }, () => randomBytes(24).toString('base64url'));

function chatToken(kind: string, pick: number, garbage: string): string | null {
  switch (kind) {
    case 'pool':
      return TOKEN_POOL[pick % TOKEN_POOL.length] as string;
    case 'fresh':
      return randomBytes(24).toString('base64url');
    case 'missing':
      return null;
    case 'short':
      return 'a'.repeat(21);
    case 'long':
      return 'a'.repeat(129);
    case 'chars':
      return `${randomBytes(24).toString('base64url')}+/=`;
    default:
      return garbage;
  }
}

const chatBot = fc.oneof(
  { arbitrary: fc.constant('live'), weight: 8 },
  { arbitrary: fc.constantFrom('disabled', 'bare', 'bad'), weight: 2 },
);
const botParam = (which: string, bad: string) =>
  which === 'bad' ? bad : String(bots[which as keyof typeof bots]);

const webPost: fc.Arbitrary<Sent> = fc
  .record({
    bot: chatBot,
    badId: badIds,
    token: tokenValue,
    pick: fc.nat(),
    garbage: oddString,
    body: bodyArbitrary(fc.tuple(webMessageId, contentValue).map(([id, content]) => ({ id, ...content }))),
    contentType,
    remoteAddress,
  })
  .map((r): Sent => {
    const headers: Record<string, string> = {};
    const token = chatToken(r.token, r.pick, r.garbage);
    if (token !== null) headers[CHAT_TOKEN_HEADER] = token;
    if (r.contentType !== null) headers['content-type'] = r.contentType;
    return {
      route: 'POST /api/chat/:bot/messages',
      method: 'POST',
      url: `/api/chat/${botParam(r.bot, r.badId)}/messages`,
      headers: sanitizeHeaders(headers),
      payload: r.body,
      remoteAddress: r.remoteAddress,
    };
  });

const webGet: fc.Arbitrary<Sent> = fc
  .record({
    bot: chatBot,
    badId: badIds,
    token: tokenValue,
    pick: fc.nat(),
    garbage: oddString,
    query: fc.oneof(
      fc.constantFrom(
        '',
        '?after=0',
        '?after=5',
        '?after=-1',
        '?after=abc',
        '?after=1e400',
        '?after=99999999999999999999',
      ),
      fc.constantFrom('?after=0&after=1', '?x=1', '?after=', `?after=${'9'.repeat(500)}`, '?%zz=1'),
    ),
    remoteAddress,
  })
  .map((r): Sent => {
    const headers: Record<string, string> = {};
    const token = chatToken(r.token, r.pick, r.garbage);
    if (token !== null) headers[CHAT_TOKEN_HEADER] = token;
    return {
      route: 'GET /api/chat/:bot/messages',
      method: 'GET',
      url: `/api/chat/${botParam(r.bot, r.badId)}/messages${r.query}`,
      headers: sanitizeHeaders(headers),
      payload: undefined,
      remoteAddress: r.remoteAddress,
    };
  });

// ---- The property ------------------------------------------------------------------------------

async function rowCounts(): Promise<string> {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*) from bot_inbound)::int as inbound,
           (select count(*) from bot_conversations)::int as conversations,
           (select count(*) from bot_outbox)::int as outbox,
           (select count(*) from bot_events)::int as events`.execute(testDb.db);
  return JSON.stringify(rows[0]);
}

function describeSent(sent: Sent): string {
  const body = sent.payload === undefined ? '(none)' : JSON.stringify(String(sent.payload).slice(0, 300));
  return `${sent.method} ${sent.url.slice(0, 120)} headers ${JSON.stringify(sent.headers).slice(0, 300)} body ${body}`;
}

async function send(sent: Sent): Promise<void> {
  const before = await rowCounts();
  const reply = await t.app.inject({
    method: sent.method,
    url: sent.url,
    headers: sent.headers,
    remoteAddress: sent.remoteAddress,
    ...(sent.payload === undefined ? {} : { payload: sent.payload }),
  });
  const key = `${sent.route} ${reply.statusCode}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
  const what = `${describeSent(sent)}: ${reply.statusCode} ${reply.body.slice(0, 300)}`;
  if (reply.statusCode >= 500) {
    const id = String(reply.headers['x-request-id']);
    const logged = errorLog.find((line) => line.includes(id)) ?? 'no log line';
    expect.fail(`${what}\n${logged.slice(0, 1500)}`);
  }
  if (reply.statusCode >= 400) {
    const error = (reply.json() as { error?: { code?: unknown; message?: unknown } }).error;
    expect(typeof error?.code, what).toBe('string');
    expect(typeof error?.message, what).toBe('string');
    expect(await rowCounts(), `refused, yet rows were written: ${what}`).toBe(before);
  }
}

describe('the inbound routes, fuzzed', () => {
  it('never answer 5xx, and write nothing for a request they refuse', { timeout: 180_000 }, async () => {
    const routes = [apiInbound, webPost, webGet];
    for (const arbitrary of routes)
      await fc.assert(
        fc.asyncProperty(arbitrary, (sent) => send(sent)),
        { numRuns: Math.ceil(REQUESTS / routes.length), endOnFailure: true },
      );
    const sorted = Object.fromEntries([...tally].sort(([a], [b]) => (a < b ? -1 : 1)));
    console.log(JSON.stringify(sorted));
    const count = (route: string, status: (code: number) => boolean) =>
      [...tally]
        .filter(([key]) => key.startsWith(route) && status(Number(key.split(' ').at(-1))))
        .reduce((n, [, c]) => n + c, 0);
    // Each route both took requests into the runtime and refused some, for the right reasons.
    for (const route of [
      'POST /api/channels/:id/inbound',
      'POST /api/chat/:bot/messages',
      'GET /api/chat/:bot/messages',
    ]) {
      expect(
        count(route, (code) => code === 200),
        route,
      ).toBeGreaterThan(20);
      expect(
        count(route, (code) => code >= 400),
        route,
      ).toBeGreaterThan(20);
    }
    expect(count('POST /api/channels/:id/inbound', (code) => code === 401)).toBeGreaterThan(10);
    expect(count('POST /api/channels/:id/inbound', (code) => code === 413)).toBeGreaterThan(0);
  });
});
