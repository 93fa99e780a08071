import { sql } from 'kysely';
import type { ChannelKind, ChatMessage } from '../../../common/api/channels.js';
import type { Db } from '../../db/index.js';
import type { Notifications } from '../../db/listener.js';
import type { SecretBox } from '../../secret-box.js';
import {
  type ChannelAdapter,
  type Delivery,
  type DeliveryChannel,
  QUEUED_CHANNEL,
  type SendOutcome,
} from './adapter.js';
import { type ClaimedRow, claimDue, type PassResults, recordPass } from './claim.js';

/**
 * The outbox drained by a loop in every `parley serve` and `parley worker` (docs/chatbot.md,
 * "Delivery"): woken by `parley_bot_outbox` notifications, each pass claims due rows with
 * FOR UPDATE SKIP LOCKED, sends them (one person's in order, people in parallel)
 * while holding the claim, and records the outcome in the same transaction. A process killed
 * mid-pass leaves its rows unsent: they go again, so a message in flight at a crash may arrive
 * twice, and no other can be lost.
 */
export type Adapters = Partial<Record<ChannelKind, ChannelAdapter>>;

export interface DeliveryOptions {
  readonly adapters: Adapters;
  /** Opens the sealed reply addresses (secret-box, `reply-address`). */
  readonly addresses: SecretBox;
  /** Rows claimed per pass. */
  readonly batchSize?: number;
  /** Sends after which a message that keeps failing is marked failed. */
  readonly maxAttempts?: number;
  /** First retry delay; doubled per attempt (with jitter), capped at `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly clock?: () => Date;
}

export const DELIVERY_DEFAULTS = {
  batchSize: 200,
  maxAttempts: 10,
  baseBackoffMs: 1_000,
  maxBackoffMs: 10 * 60_000,
} as const;

export interface PassOutcome {
  /** Rows claimed (sendable or not): 0 means nothing was due. */
  readonly claimed: number;
  /** Rows held back because an earlier message of theirs is being sent by another loop. */
  readonly blocked: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** One pass: claim, send, record. Tests call it directly; the loop calls it until idle. */
export async function deliverDue(db: Db, options: DeliveryOptions): Promise<PassOutcome> {
  const now = (options.clock ?? (() => new Date()))();
  return db.transaction().execute(async (trx) => {
    const claim = await claimDue(trx, now, options.batchSize ?? DELIVERY_DEFAULTS.batchSize);
    const threads = claim.sendable;
    const claimed = threads.flat().length + claim.deferred.length + claim.blocked;
    if (threads.length === 0) {
      if (claim.deferred.length > 0) await recordPass(trx, now, { ...noResults(), delayed: claim.deferred });
      return { claimed, blocked: claim.blocked, sent: 0, retried: 0, failed: 0 };
    }
    const results = await sendAll(threads, options, now);
    await recordPass(trx, now, { ...results, delayed: [...results.delayed, ...claim.deferred] });
    return {
      claimed,
      blocked: claim.blocked,
      sent: results.sent.length,
      retried: results.retried.length,
      failed: results.failed.length,
    };
  });
}

/** A pass's outcomes, empty. */
function noResults(): MutableResults {
  return { sent: [], retried: [], failed: [], delayed: [], pulled: [], conversations: [], remoteIds: [] };
}

interface MutableResults {
  sent: number[];
  retried: { id: number; at: Date; error: string }[];
  failed: { id: number; error: string }[];
  delayed: { id: number; at: Date }[];
  pulled: string[];
  conversations: number[];
  remoteIds: { id: number; remoteId: string }[];
}

/** People in parallel, each one's messages in order. */
async function sendAll(
  threads: readonly (readonly ClaimedRow[])[],
  options: DeliveryOptions,
  now: Date,
): Promise<PassResults> {
  const results = noResults();
  await Promise.all(threads.map((rows) => sendThread(rows, options, now, results)));
  results.conversations.push(...new Set(threads.flat().map((row) => row.conversation_id)));
  return results;
}

/** One person's rows, in order; stops at the first that is not sent. */
async function sendThread(
  rows: readonly ClaimedRow[],
  options: DeliveryOptions,
  now: Date,
  results: MutableResults,
): Promise<void> {
  for (const [index, row] of rows.entries()) {
    const outcome = await sendOne(row, options, now);
    if (!outcome.ok) {
      recordFailure(row, rows.slice(index + 1), outcome, options, now, results);
      return;
    }
    results.sent.push(row.id);
    if (outcome.remoteId !== undefined) results.remoteIds.push({ id: row.id, remoteId: outcome.remoteId });
    if (options.adapters[row.channel as ChannelKind]?.pull) results.pulled.push(row.user_key);
    const next = rows[index + 1];
    // The bot's pause between consecutive messages of a turn: the next waits, in a later pass.
    if (next && row.message_delay_ms > 0 && next.part > 1) {
      results.delayed.push({ id: next.id, at: new Date(now.getTime() + row.message_delay_ms) });
      return;
    }
  }
}

function recordFailure(
  row: ClaimedRow,
  after: readonly ClaimedRow[],
  outcome: Extract<SendOutcome, { ok: false }>,
  options: DeliveryOptions,
  now: Date,
  results: MutableResults,
): void {
  const maxAttempts = options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts;
  if (outcome.retry && row.attempts + 1 < maxAttempts) {
    results.retried.push({
      id: row.id,
      at: new Date(now.getTime() + backoffMs(row.attempts + 1, options, outcome)),
      error: outcome.error,
    });
    return;
  }
  results.failed.push({ id: row.id, error: outcome.error });
  // The rest of the person's messages would arrive without the one before them.
  for (const later of after)
    results.failed.push({ id: later.id, error: 'an earlier message to this person failed' });
}

/** Exponential back-off with jitter (half to all of the doubled delay), at least Retry-After. */
export function backoffMs(
  attempt: number,
  options: Pick<DeliveryOptions, 'baseBackoffMs' | 'maxBackoffMs'>,
  outcome: { retryAfterMs?: number } = {},
): number {
  const base = options.baseBackoffMs ?? DELIVERY_DEFAULTS.baseBackoffMs;
  const cap = options.maxBackoffMs ?? DELIVERY_DEFAULTS.maxBackoffMs;
  const doubled = Math.min(cap, base * 2 ** (attempt - 1));
  const jittered = doubled / 2 + Math.random() * (doubled / 2);
  return Math.max(Math.round(jittered), Math.min(cap, outcome.retryAfterMs ?? 0));
}

async function sendOne(row: ClaimedRow, options: DeliveryOptions, now: Date): Promise<SendOutcome> {
  const adapter = options.adapters[row.channel as ChannelKind];
  if (!adapter)
    return { ok: false, retry: false, error: `no adapter for the ${row.channel} channel in this process` };
  const channel = channelOf(row);
  if (!adapter.pull && (channel === null || !channel.enabled))
    return { ok: false, retry: false, error: 'the channel was deleted or disabled' };
  let address: string | null = null;
  if (row.reply_to !== null) {
    try {
      address = options.addresses.open(row.reply_to);
    } catch {
      return {
        ok: false,
        retry: false,
        error: 'the reply address cannot be opened (was PARLEY_SECRET changed?)',
      };
    }
  }
  const delivery: Delivery = {
    outboxId: row.id,
    conversationId: row.conversation_id,
    botId: row.bot_id,
    channel,
    userKey: row.user_key,
    address,
    message: render(row),
    part: row.part,
    parts: row.parts,
    lastInboundAt: row.last_inbound_at,
    now,
  };
  try {
    return await adapter.send(delivery);
  } catch (error) {
    return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
  }
}

function channelOf(row: ClaimedRow): DeliveryChannel | null {
  if (row.channel_id === null || row.channel_enabled === null) return null;
  return {
    id: row.channel_id,
    kind: row.channel as ChannelKind,
    enabled: row.channel_enabled,
    settings: row.channel_settings ?? {},
    secret: row.channel_secret,
    secret_set_at: row.channel_secret_set_at,
    credentials: row.channel_credentials,
    credentials_set_at: row.channel_credentials_set_at,
  };
}

/** The message as channels send it: PenhaS's " [i/n]" when the bot numbers a turn's messages. */
export function render(
  row: Pick<ClaimedRow, 'id' | 'message' | 'part' | 'parts' | 'number_messages'>,
): ChatMessage {
  const suffix = row.number_messages && row.parts > 1 ? ` [${row.part}/${row.parts}]` : '';
  return {
    id: row.id,
    text: `${row.message.text}${suffix}`,
    options: row.message.options.map((option) => ({ label: option.label, value: option.value })),
    attachment: row.message.attachment,
  };
}

/** How long a loop lets messages gather after a small pass. */
const GATHER_MS = 8;

/** Passes one process runs at once; each holds a database connection while it sends. */
export const DELIVERY_CONCURRENCY = 2;

export interface LoopOptions extends DeliveryOptions {
  readonly db: Db;
  /** Wakes the loop when rows are queued; without it the loop polls every `idleMs`. */
  readonly notifications?: Notifications;
  /** Passes run at once (each claims its own rows). */
  readonly concurrency?: number;
  /** Longest sleep when nothing is due (retries and delays come due without a notification). */
  readonly idleMs?: number;
  readonly log?: { error(object: object, message: string): void };
}

export interface DeliveryLoop {
  /** Runs a pass now (e.g. after a retry was asked for). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The loop's sleeps: `nap` ends early on a wake-up (a notification) or at stop, `pause` only at
 * stop. Plain timers and resolvers: wake-ups come with every committed turn, and an aborted
 * AbortController per wake-up (a DOMException each) showed in profiles.
 */
class Sleeps {
  private readonly napping = new Set<() => void>();
  private readonly pausing = new Set<() => void>();
  stopped = false;

  nap(ms: number): Promise<void> {
    return this.sleep(ms, this.napping);
  }

  pause(ms: number): Promise<void> {
    return this.sleep(ms, this.pausing);
  }

  wake(): void {
    for (const done of [...this.napping]) done();
  }

  stop(): void {
    this.stopped = true;
    for (const done of [...this.napping, ...this.pausing]) done();
  }

  private sleep(ms: number, set: Set<() => void>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}

/** Starts the delivery loop of this process. */
export function startDelivery(options: LoopOptions): DeliveryLoop {
  const idleMs = options.idleMs ?? 1_000;
  const gatherBelow = Math.ceil((options.batchSize ?? DELIVERY_DEFAULTS.batchSize) / 4);
  const sleeps = new Sleeps();
  const wake = () => sleeps.wake();
  const unsubscribe = options.notifications?.subscribe(QUEUED_CHANNEL, wake);
  const unReconnect = options.notifications?.onReconnect(wake);
  const runner = async () => {
    while (!sleeps.stopped) {
      try {
        const pass = await deliverDue(options.db, options);
        if (pass.sent + pass.retried + pass.failed > 0) {
          // A small pass costs nearly as many round trips as a full one: under a steady trickle,
          // let a few milliseconds of messages gather (not cut short by notifications).
          if (pass.claimed < gatherBelow) await sleeps.pause(GATHER_MS);
          continue;
        }
        // Rows held by another loop's pass free up within milliseconds.
        if (pass.blocked > 0) await sleeps.nap(20);
        else if (pass.claimed === 0) await sleeps.nap(await untilNextDue(options.db, idleMs));
      } catch (error) {
        options.log?.error({ err: error }, 'delivery pass failed');
        await sleeps.nap(idleMs);
      }
    }
  };
  const runners = Array.from({ length: options.concurrency ?? DELIVERY_CONCURRENCY }, runner);
  return {
    wake,
    async stop() {
      unsubscribe?.();
      unReconnect?.();
      sleeps.stop();
      await Promise.all(runners);
    },
  };
}

/** How long until the earliest unsent row is due, at most `idleMs`. */
async function untilNextDue(db: Db, idleMs: number): Promise<number> {
  const { rows } = await sql<{ wait_ms: number | null }>`
    select extract(epoch from min(next_attempt_at) - clock_timestamp()) * 1000 as wait_ms
      from bot_outbox where sent_at is null and failed_at is null`.execute(db);
  const wait = rows[0]?.wait_ms;
  return wait === null || wait === undefined
    ? idleMs
    : Math.max(5, Math.min(idleMs, Math.ceil(Number(wait))));
}
