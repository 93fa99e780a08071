import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TOKEN_HEADER, type ChatMessage, type ChatMessages } from '../../common/api/channels.js';
import { channelAdapters } from '../../src/chatbot/channels/adapters.js';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { deliverDue } from '../../src/chatbot/delivery/loop.js';
import { eraseEndedAddresses, sweepTimeouts } from '../../src/chatbot/index.js';
import { buildTestApp, type TestApp, testConfig } from '../harness/app.js';
import { addApiChannel, FakeCallback, signedInbound } from '../harness/channels.js';
import { demoBotId, TEST_SECRET } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { memoryLogger } from '../harness/logs.js';

/**
 * The privacy promise of the channels (docs/chatbot.md, "Privacy"): a user's channel id is kept
 * only as a keyed hash, the address needed to reply only sealed, and that only until the
 * conversation has ended and its last message is delivered. Conversations are walked to their
 * end (finished, and timed out by the sweep) on the HTTP API channel and the web chat, through
 * the real routes; then every column of every table and everything the server logged (at trace
 * level) is searched for the raw ids and tokens, in clear and in the encodings a careless store
 * would use (hex, base64, URL encoding, the digits of a phone number).
 */
const testDb = setupTestDatabase();
const API_USERS = {
  finishes: '+5511987654321',
  timesOut: 'privacy-user-XYZ',
  leavesMessage: 'privacy-user-Q7w2',
} as const;
const WEB_TOKENS = {
  finishes: randomBytes(24).toString('base64url'),
  timesOut: randomBytes(24).toString('base64url'),
};
const RAW = [...Object.values(API_USERS), ...Object.values(WEB_TOKENS)];

const captured = memoryLogger('trace');
const logLines = captured.lines;
let t: TestApp;
let fake: FakeCallback;
let botId: number;
let apiChannel: { id: number; secret: string };

beforeAll(async () => {
  t = await buildTestApp(testDb.db, {
    config: testConfig({ PARLEY_SECRET: TEST_SECRET }),
    logger: captured.logger,
  });
  fake = await FakeCallback.start();
  botId = await demoBotId(testDb.db, 'Privacy bot');
  apiChannel = await addApiChannel(testDb.db, TEST_SECRET, botId, fake.url);
  fake.secret = apiChannel.secret;
  await createChannel(testDb.db, boxesOf(TEST_SECRET).channelSecrets, {
    botId,
    kind: 'web',
    settings: { allowed_origins: ['https://www.example.org'] },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

// ---- Talking through the real routes ------------------------------------------------------------

/** Runs the delivery until nothing is due (web messages are marked sent, API ones POSTed). */
async function deliver(): Promise<void> {
  const options = {
    adapters: channelAdapters(TEST_SECRET),
    addresses: boxesOf(TEST_SECRET).addresses,
  };
  for (let pass = 0; pass < 20; pass++) {
    const outcome = await deliverDue(testDb.db, options);
    if (outcome.claimed === 0) return;
  }
  throw new Error('the outbox did not drain');
}

let eventCounter = 0;

async function apiSay(user: string, content: { text: string } | { choose: string }): Promise<void> {
  const request = signedInbound(apiChannel.secret, { event_id: `evt-${++eventCounter}`, user, ...content });
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/channels/${apiChannel.id}/inbound`,
    ...request,
  });
  expect(response.statusCode, response.body).toBe(200);
  await deliver();
}

/** The buttons of the last message the user got that had any. */
function apiOptions(user: string): ChatMessage['options'] {
  const withOptions = fake.received.filter((r) => r.body.user === user && r.body.message.options.length > 0);
  return withOptions.at(-1)?.body.message.options ?? [];
}

async function apiPress(user: string, label: string): Promise<void> {
  const option = apiOptions(user).find((o) => o.label === label);
  if (!option) throw new Error(`${user} has no button "${label}"`);
  await apiSay(user, { choose: option.value });
}

const webHeaders = (token: string) => ({ [CHAT_TOKEN_HEADER]: token, 'content-type': 'application/json' });

async function webSay(token: string, content: { text: string } | { choose: string }): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/chat/${botId}/messages`,
    headers: webHeaders(token),
    payload: { id: randomBytes(12).toString('base64url'), ...content },
  });
  expect(response.statusCode, response.body).toBe(200);
  await deliver();
}

async function webRead(token: string): Promise<ChatMessages> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/chat/${botId}/messages?after=0`,
    headers: { [CHAT_TOKEN_HEADER]: token },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ChatMessages;
}

async function webPress(token: string, label: string): Promise<void> {
  const { messages } = await webRead(token);
  const option = messages.findLast((m) => m.options.length > 0)?.options.find((o) => o.label === label);
  if (!option) throw new Error(`the web visitor has no button "${label}"`);
  await webSay(token, { choose: option.value });
}

// ---- Looking for the ids -----------------------------------------------------------------------

/** The raw value and the forms a store or a log line could hold it in. */
function forms(raw: string): string[] {
  const digits = raw.replace(/\D/g, '');
  const all = [
    raw,
    Buffer.from(raw).toString('hex'),
    Buffer.from(raw).toString('base64').replace(/=+$/, ''),
    Buffer.from(raw).toString('base64url'),
    encodeURIComponent(raw),
    ...(digits.length >= 8 ? [digits] : []),
  ];
  return [...new Set(all)];
}

const NEEDLES = RAW.flatMap((raw) => forms(raw).map((form) => ({ raw, form })));

function found(haystack: string): string[] {
  const lower = haystack.toLowerCase();
  return NEEDLES.filter(({ form }) => lower.includes(form.toLowerCase())).map(
    ({ raw, form }) => `${raw}${form === raw ? '' : ` as ${form}`}`,
  );
}

/**
 * Every row of every table (Parley's and the job queue's) as text — `row_to_json` writes bytea as
 * hex — and every bytea column decoded as UTF-8 as well; the places where a raw id appears.
 */
async function rawIdsInDatabase(): Promise<string[]> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'graphile_worker', 'graphile_worker_private')
       and c.relkind in ('r', 'm', 'p')`.execute(testDb.db);
  expect(tables.map((table) => table.name)).toEqual(
    expect.arrayContaining(['bot_conversations', 'bot_inbound', 'bot_outbox', 'bot_events', 'bot_channels']),
  );
  const hits: string[] = [];
  for (const { schema, name } of tables) {
    const table = sql.table(`${schema}.${name}`);
    const { rows } = await sql<{ row: string }>`select row_to_json(t)::text as row from ${table} t`.execute(
      testDb.db,
    );
    for (const { row } of rows) for (const hit of found(row)) hits.push(`${schema}.${name}: ${hit}`);
    const { rows: byteaColumns } = await sql<{ column: string }>`
      select column_name as column from information_schema.columns
       where table_schema = ${schema} and table_name = ${name} and data_type = 'bytea'`.execute(testDb.db);
    for (const { column } of byteaColumns) {
      const { rows: values } = await sql<{ value: Buffer | null }>`
        select ${sql.ref(column)} as value from ${table}`.execute(testDb.db);
      for (const { value } of values)
        if (value)
          for (const hit of found(value.toString('utf8'))) hits.push(`${schema}.${name}.${column}: ${hit}`);
    }
  }
  return hits;
}

async function apiConversations() {
  return testDb.db
    .selectFrom('bot_conversations')
    .select(['id', 'channel', 'reply_to', 'ended_at', 'end_reason'])
    .where('bot_id', '=', botId)
    .orderBy('id')
    .execute();
}

// ---- The walk ----------------------------------------------------------------------------------

describe('raw user ids and tokens', () => {
  it('are kept sealed while conversations run, and gone from tables and logs once they ended', async () => {
    // HTTP API: one finishes the questionnaire, one leaves a message, one stops answering.
    await apiSay(API_USERS.finishes, { text: 'oi' });
    await apiPress(API_USERS.finishes, '👍 Sim');
    await apiSay(API_USERS.leavesMessage, { text: 'oi' });
    await apiPress(API_USERS.leavesMessage, '👍 Sim');
    await apiSay(API_USERS.timesOut, { text: 'oi' });
    // Web chat: one finishes, one stops answering.
    await webSay(WEB_TOKENS.finishes, { text: 'oi' });
    await webPress(WEB_TOKENS.finishes, '👍 Sim');
    await webSay(WEB_TOKENS.timesOut, { text: 'oi' });

    // While they run: the API conversations hold their reply address sealed, and nothing in clear.
    const running = await apiConversations();
    const api = running.filter((c) => c.channel === 'api');
    expect(api).toHaveLength(3);
    const box = boxesOf(TEST_SECRET).addresses;
    for (const conversation of api) {
      expect(conversation.ended_at).toBeNull();
      expect(conversation.reply_to).not.toBeNull();
      const sealed = conversation.reply_to as Buffer;
      expect(found(sealed.toString('utf8'))).toEqual([]);
      expect(Object.values(API_USERS)).toContain(box.open(sealed));
    }
    expect(running.filter((c) => c.channel === 'web').map((c) => c.reply_to)).toEqual([null, null]);
    expect(await rawIdsInDatabase()).toEqual([]);

    // To their ends.
    await apiPress(API_USERS.finishes, 'Sobre outra pessoa');
    await apiPress(API_USERS.finishes, 'Sim, agora');
    expect(fake.textsFor(API_USERS.finishes).at(-1)).toContain('ligue 190');
    await apiPress(API_USERS.leavesMessage, 'Deixar um recado');
    await apiSay(API_USERS.leavesMessage, { text: 'Ana' });
    await apiSay(API_USERS.leavesMessage, { text: 'Preciso de ajuda com um documento.' });
    await webPress(WEB_TOKENS.finishes, 'Sobre outra pessoa');
    await webPress(WEB_TOKENS.finishes, 'Sim, agora');
    expect((await webRead(WEB_TOKENS.finishes)).ended).toBe(true);
    const swept = await sweepTimeouts(testDb.db, { now: new Date(Date.now() + 2 * 86_400_000) });
    expect(swept).toBeGreaterThanOrEqual(2);
    await deliver();
    expect(fake.textsFor(API_USERS.timesOut).at(-1)).toContain('Vamos nos falar mais tarde');
    await eraseEndedAddresses(testDb.db, new Date());

    const ended = await apiConversations();
    expect(ended.filter((c) => c.ended_at === null).map((c) => c.id)).toEqual([]);
    expect(ended.map((c) => c.end_reason).sort()).toEqual([
      'finished',
      'finished',
      'finished',
      'timeout',
      'timeout',
    ]);
    expect(ended.filter((c) => c.reply_to !== null).map((c) => c.id)).toEqual([]);
    const unsent = await testDb.db
      .selectFrom('bot_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    expect(unsent).toEqual([]);
    // Every API reply went out addressed to its user: the ids were needed, and used.
    for (const user of Object.values(API_USERS)) expect(fake.textsFor(user).length).toBeGreaterThan(1);

    expect(await rawIdsInDatabase()).toEqual([]);
    // The log saw every request (trace level), and none of the ids.
    expect(logLines.filter((line) => line.includes('/inbound')).length).toBeGreaterThan(5);
    expect(logLines.filter((line) => line.includes('/api/chat/')).length).toBeGreaterThan(5);
    expect(logLines.flatMap((line) => found(line))).toEqual([]);
  });
});
