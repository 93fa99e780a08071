import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupBy } from '../../common/group-by.js';
import { DELIVERY_CONCURRENCY, DELIVERY_DEFAULTS } from '../../src/chatbot/delivery/loop.js';
import type { BotBundle, Inbound, TurnResult } from '../../src/chatbot/engine/index.js';
import { readRevision } from '../../src/chatbot/revisions.js';
import { userKeyOf } from '../../src/chatbot/user-key.js';
import { canonical, differences, planWalk, seeded, timeless, type Walk } from '../harness/bot-walk.js';
import { addApiChannel, FakeCallback, signedInbound } from '../harness/channels.js';
import { demoBotId, TEST_SECRET } from '../harness/chatbot.js';
import { exited, freePort, spawnCli, waitForOutput } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';

/**
 * Crash safety of the chatbot path (docs/chatbot.md, "Delivery"): `parley serve` as a child
 * process takes signed HTTP API events from many users at once and is SIGKILLed mid-way; a new
 * process on the same database gets the events that were not acknowledged again (same event ids,
 * as a sender retries) and the rest. Every user's walk is planned with the pure engine, so what
 * the database and the callback receiver hold is compared with what the engine says the inputs
 * lead to: each event processed exactly once (one inbound row each; state, analytics events and
 * replies as the engine's run of the same inputs), every reply delivered, in order per
 * conversation, and a reply delivered twice only when the killed process sent it and died before
 * recording it. The walks avoid the CEP question, whose lookup runs after the turn's commit and
 * which a retried event does not redo. `CRASH_SEED` replays a run's walks (the seed is printed
 * with the figures).
 */
const USERS = 220;
const EVENTS_PER_USER = 10;
const TOTAL = USERS * EVENTS_PER_USER;
/** Requests in flight at once. */
const CONCURRENCY = 20;
/** The kill comes once this share of the events was acknowledged. */
const KILL_AT = 0.4;
/** What a killed process may have had in flight: delivery batch size × passes at once. */
const MAX_IN_FLIGHT = DELIVERY_DEFAULTS.batchSize * DELIVERY_CONCURRENCY;
/** The receiver answers each reply after this long: deliveries are in flight at the kill. */
const RECEIVER_DELAY_MS = 20;
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

const testDb = setupTestDatabase();
const children: ChildProcess[] = [];
let receiver: FakeCallback;
let channel: { id: number; secret: string };
let botId: number;
/** What the servers printed (JSON log lines at warn and above): explains a 500. */
const serverLog: string[] = [];

beforeAll(async () => {
  receiver = await FakeCallback.start({ delayMs: RECEIVER_DELAY_MS });
  botId = await demoBotId(testDb.db);
  channel = await addApiChannel(testDb.db, TEST_SECRET, botId, receiver.url);
  receiver.secret = channel.secret;
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await receiver?.close();
});

async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawnCli(['serve'], {
    DATABASE_URL: testDb.url,
    PORT: String(port),
    PARLEY_SECRET: TEST_SECRET,
    PARLEY_DEMO: 'off',
  });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => serverLog.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => serverLog.push(chunk.toString()));
  await waitForOutput(child, /Parley is running at/, 60_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

// ---- The users and their sender ----------------------------------------------------------------

interface User {
  readonly handle: string;
  readonly walk: Walk;
  /** Index of the next input to send (every one before it was answered 200). */
  next: number;
}

/** No CEP question (see above). */
const noLookup = (result: TurnResult) =>
  result.effects.length === 0 && !result.messages.some((m) => m.text.includes('CEP'));

function planUsers(bundle: BotBundle): User[] {
  const random = seeded(SEED);
  return Array.from({ length: USERS }, (_, i) => ({
    handle: `crash-user-${i}`,
    walk: planWalk(bundle, EVENTS_PER_USER, random, noLookup),
    next: 0,
  }));
}

const eventId = (user: User, index: number) => `${user.handle}-e${index}`;

function bodyOf(user: User, index: number): Record<string, string> {
  const input = user.walk.inputs[index] as Inbound;
  const content: Record<string, string> =
    input.kind === 'text' ? { text: input.text } : { choose: input.value };
  return { event_id: eventId(user, index), user: user.handle, ...content };
}

interface Tally {
  acknowledged: number;
  duplicate: number;
  networkErrors: number;
}

const newTally = (): Tally => ({ acknowledged: 0, duplicate: 0, networkErrors: 0 });

/** The server's log line of a failed request (it is written a moment after the answer). */
async function logLineOf(requestId: string): Promise<string> {
  await sleep(300);
  const lines = serverLog.join('').split('\n');
  return lines.find((line) => line.includes(requestId))?.slice(0, 3000) ?? 'no log line';
}

/**
 * Sends the users' remaining inputs, CONCURRENCY requests at once and one user's one at a time
 * (the next once the previous got its 200). Once `dying` is set (the server is being killed) a
 * network error ends the worker; before that it fails the test, as does any answer but 200.
 */
async function sendAll(
  url: string,
  users: User[],
  tally: Tally,
  control: { dying: boolean; onAck?: () => void },
): Promise<void> {
  const ready = users.filter((u) => u.next < u.walk.inputs.length);
  const worker = async () => {
    for (let user = ready.shift(); user; user = ready.shift()) {
      if (control.dying) return;
      const request = signedInbound(channel.secret, bodyOf(user, user.next));
      let response: { status: number; text: string; requestId: string };
      try {
        const answer = await fetch(`${url}/api/channels/${channel.id}/inbound`, {
          method: 'POST',
          headers: request.headers,
          body: request.payload,
          signal: AbortSignal.timeout(30_000),
        });
        const requestId = String(answer.headers.get('x-request-id'));
        response = { status: answer.status, text: await answer.text(), requestId };
      } catch (error) {
        tally.networkErrors++;
        if (!control.dying) throw error;
        return;
      }
      if (response.status !== 200)
        expect.fail(`${response.status} ${response.text}\n${await logLineOf(response.requestId)}`);
      if ((JSON.parse(response.text) as { status: string }).status === 'duplicate') tally.duplicate++;
      tally.acknowledged++;
      user.next++;
      control.onAck?.();
      if (user.next < user.walk.inputs.length) ready.push(user);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const isAscending = (ids: readonly number[]) => ids.every((id, i) => i === 0 || id > (ids[i - 1] as number));

// ---- What the database and the receiver must hold ----------------------------------------------

async function unsentCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from bot_outbox where sent_at is null or failed_at is not null`.execute(
    testDb.db,
  );
  return Number(rows[0]?.n);
}

/** One inbound row per event id, for every event sent. */
async function checkExactlyOnce(users: readonly User[]): Promise<void> {
  const { rows } = await sql<{ event_id: string; n: number }>`
    select event_id, count(*)::int as n from bot_inbound where channel = 'api' group by event_id`.execute(
    testDb.db,
  );
  const counted = new Map(rows.map((r) => [r.event_id, r.n]));
  const wrong = users.flatMap((user) =>
    user.walk.inputs.flatMap((_, i) => {
      const n = counted.get(eventId(user, i)) ?? 0;
      return n === 1 ? [] : [`${eventId(user, i)}: ${n} inbound rows`];
    }),
  );
  expect(wrong).toEqual([]);
  expect(rows).toHaveLength(TOTAL);
}

/** Conversations, final state, ends, analytics events and queued replies: as the engine's run. */
async function checkAgainstEngine(users: readonly User[]): Promise<void> {
  const conversations = await testDb.db
    .selectFrom('bot_conversations')
    .select(['user_key', 'seq', 'state', 'end_reason'])
    .orderBy('seq')
    .execute();
  const { rows: events } = await sql<{ user_key: string; seq: number; state: string; code: string }>`
    select c.user_key, c.seq, e.state, s.code from bot_events e
      join bot_conversations c on c.id = e.conversation_id
      join bot_step_codes s on s.id = e.step_code_id
     order by e.id`.execute(testDb.db);
  const { rows: outbox } = await sql<{ user_key: string; text: string }>`
    select user_key, message->>'text' as text from bot_outbox order by id`.execute(testDb.db);
  const mismatches: string[] = [];
  for (const user of users) {
    const key = userKeyOf(TEST_SECRET, 'api', user.handle);
    const own = conversations.filter((c) => c.user_key === key);
    const last = own.at(-1);
    const expected = {
      conversations: user.walk.conversations,
      final: timeless(user.walk.final),
      ended: user.walk.ended.map((e) => `${e.conversation}:${e.reason}`),
      events: user.walk.events.map((e) => `${e.conversation}:${e.state}:${e.step_code}`),
      messages: user.walk.messages.map((m) => m.text),
    };
    const actual = {
      conversations: own.length,
      final: last ? timeless(last.state as Walk['final']) : null,
      ended: own.filter((c) => c.end_reason !== null).map((c) => `${c.seq}:${c.end_reason}`),
      events: events.filter((e) => e.user_key === key).map((e) => `${e.seq}:${e.state}:${e.code}`),
      messages: outbox.filter((m) => m.user_key === key).map((m) => m.text),
    };
    for (const field of Object.keys(expected) as (keyof typeof expected)[])
      if (canonical(actual[field]) !== canonical(expected[field]))
        mismatches.push(
          `${user.handle} ${field}: ${differences(expected[field], actual[field]).slice(0, 5).join('; ')}`,
        );
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
}

/**
 * Every outbox row arrived, signed and addressed to its user, in id order per conversation; a row
 * arrived twice only with its first copy from the killed process and its second from the new one.
 * Returns how many arrived twice, and how many users got a later conversation's reply before an
 * earlier one's.
 */
async function checkDelivered(
  users: readonly User[],
  receivedBeforeRestart: number,
): Promise<{ twice: number; usersOutOfOrder: number }> {
  const outbox = await testDb.db
    .selectFrom('bot_outbox')
    .select(['id', 'user_key', 'conversation_id'])
    .orderBy('id')
    .execute();
  expect(outbox).toHaveLength(users.reduce((n, u) => n + u.walk.messages.length, 0));
  const arrivals = receiver.received;
  const firstAt = new Map<number, number>();
  const copies = new Map<number, number>();
  arrivals.forEach((arrival, index) => {
    const id = arrival.body.message.id;
    if (!firstAt.has(id)) firstAt.set(id, index);
    copies.set(id, (copies.get(id) ?? 0) + 1);
  });
  expect(arrivals.filter((a) => !a.signatureOk)).toEqual([]);
  expect(outbox.filter((row) => !firstAt.has(row.id)).map((row) => row.id)).toEqual([]);
  expect(firstAt.size).toBe(outbox.length);

  const handles = new Map(users.map((u) => [userKeyOf(TEST_SECRET, 'api', u.handle), u.handle]));
  const handleOf = new Map(outbox.map((row) => [row.id, handles.get(row.user_key)]));
  expect(arrivals.filter((a) => handleOf.get(a.body.message.id) !== a.body.user)).toEqual([]);
  // In id order per conversation (what the delivery promises), by first arrival.
  const conversationOf = new Map(outbox.map((row) => [row.id, row.conversation_id]));
  const inArrivalOrder = [...firstAt.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const byConversation = groupBy(inArrivalOrder, (id) => conversationOf.get(id) as number);
  const show = (ids: number[]) => ids.map((id) => `${id}#${firstAt.get(id)}`).join(' ');
  const outOfOrder = [...byConversation]
    .filter(([, ids]) => !isAscending(ids))
    .map(
      ([conversation, ids]) =>
        `conversation ${conversation}: ${show(ids)} (restart at #${receivedBeforeRestart})`,
    );
  expect(outOfOrder).toEqual([]);
  // Across one user's conversations the delivery promises no order (see the report): counted.
  const byUser = groupBy(inArrivalOrder, (id) => handleOf.get(id) as string);
  const usersOutOfOrder = [...byUser.values()].filter((ids) => !isAscending(ids)).length;

  const twice = [...copies].filter(([, n]) => n > 1);
  for (const [id, n] of twice) {
    expect(n, `message ${id} arrived ${n} times`).toBe(2);
    expect(firstAt.get(id) as number, `message ${id}: first copy after the restart`).toBeLessThan(
      receivedBeforeRestart,
    );
  }
  const ids = (from: number, to?: number) => arrivals.slice(from, to).map((a) => a.body.message.id);
  expect(new Set(ids(0, receivedBeforeRestart)).size).toBe(receivedBeforeRestart);
  expect(new Set(ids(receivedBeforeRestart)).size).toBe(arrivals.length - receivedBeforeRestart);
  expect(twice.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  return { twice: twice.length, usersOutOfOrder };
}

// ---- The run -----------------------------------------------------------------------------------

describe('a server killed mid-stream', () => {
  it(`processes each acknowledged event once and delivers every reply (${TOTAL} events, ${USERS} users)`, {
    timeout: 150_000,
  }, async () => {
    const began = Date.now();
    const bot = await testDb.db
      .selectFrom('bots')
      .select('current_revision_id')
      .where('id', '=', botId)
      .executeTakeFirstOrThrow();
    const users = planUsers((await readRevision(testDb.db, bot.current_revision_id as number)).bundle);

    // Until the kill, once KILL_AT of the events were acknowledged.
    const first = await serve();
    const sendingFrom = Date.now();
    const before = newTally();
    const control = { dying: false, onAck: () => {} };
    control.onAck = () => {
      if (control.dying || before.acknowledged < TOTAL * KILL_AT) return;
      control.dying = true;
      first.child.kill('SIGKILL');
    };
    await sendAll(first.url, users, before, control);
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    const untilKillMs = Date.now() - sendingFrom;
    // Replies the dead process had written may still be being read.
    await sleep(500);
    const receivedBeforeRestart = receiver.received.length;
    expect(before.duplicate).toBe(0);
    expect(before.networkErrors).toBeLessThanOrEqual(CONCURRENCY);

    // A new process on the same database; the unacknowledged events go again, then the rest.
    const second = await serve();
    const restartedAt = Date.now();
    const after = newTally();
    await sendAll(second.url, users, after, { dying: false });
    expect(users.filter((u) => u.next < u.walk.inputs.length)).toEqual([]);
    expect(before.acknowledged + after.acknowledged).toBe(TOTAL);
    // Answered "duplicate": only events that were in flight at the kill and had been committed.
    expect(after.duplicate).toBeLessThanOrEqual(before.networkErrors);
    await expect.poll(unsentCount, { timeout: 60_000, interval: 200 }).toBe(0);
    const drainedMs = Date.now() - restartedAt;

    await checkExactlyOnce(users);
    await checkAgainstEngine(users);
    const delivered = await checkDelivered(users, receivedBeforeRestart);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    console.log(
      JSON.stringify({
        seed: SEED,
        users: USERS,
        events: TOTAL,
        acknowledged_before_kill: before.acknowledged,
        requests_cut_by_kill: before.networkErrors,
        resent_events_answered_duplicate: after.duplicate,
        replies: receiver.received.length - delivered.twice,
        replies_arrived_before_kill: receivedBeforeRestart,
        replies_delivered_twice: delivered.twice,
        replies_twice_bound: MAX_IN_FLIGHT,
        users_with_replies_out_of_order_across_conversations: delivered.usersOutOfOrder,
        until_kill_ms: untilKillMs,
        restart_to_drained_ms: drainedMs,
        total_ms: Date.now() - began,
      }),
    );
  });
});
