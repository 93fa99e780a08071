import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { BotConversationRow } from '../db/rows.js';
import { shortTransaction } from '../db/short-transaction.js';
import { Conflict, isForeignKeyViolation, isUniqueViolation, NotFound } from '../errors.js';
import type { SecretBox } from '../secret-box.js';
import { runEffects } from './effects.js';
import {
  type ConversationState,
  type Effect,
  type Inbound,
  type OutgoingMessage,
  type Resume,
  resume,
  start,
  type TurnResult,
  waitingLookup,
} from './engine/index.js';
import type { CepLookup } from './lookup.js';
import { latestConversations, newestSeq } from './queries.js';
import { type RevisionCache, revisionCache } from './revisions.js';
import { type ReplyRoute, storeTurn, storeTurns, type ThreadKey, type TurnToStore } from './turn-store.js';
import { userKeyOf } from './user-key.js';

/**
 * The imperative shell around the pure engine (docs/chatbot.md, "Runtime"): lock the user's
 * conversation row, run the engine with `now`, and write the state, deadline, inbound message,
 * analytics events and outgoing messages in one transaction. Outside work (the CEP lookup) runs
 * after the commit, without the lock, and is resumed in a transaction of its own.
 */
export interface RuntimeDeps {
  readonly db: Db;
  /** PARLEY_SECRET: keys the HMAC of user handles. */
  readonly secret: string;
  readonly lookup: CepLookup;
  readonly revisions?: RevisionCache;
  /** Seals reply addresses (secret-box, purpose `reply-address`); needed when events carry one. */
  readonly addresses?: SecretBox;
  /** Groups concurrent events of different users into one transaction (turn-batcher.ts). */
  readonly batcher?: { submit(event: InboundEvent): Promise<Delivered> };
}

export interface InboundEvent {
  readonly botId: number;
  /** `twitter`, `web`, `api`… */
  readonly channel: string;
  /** The channel's id of the user; only its keyed hash is stored. */
  readonly handle: string;
  readonly input: Inbound;
  /** The channel's id of the message: a redelivery with the same id is ignored. */
  readonly eventId?: string | null;
  /** The bot_channels row it came through (null: the staff's tools). */
  readonly channelId?: number | null;
  /**
   * Where replies go, when the channel needs an address to send them (the HTTP API's `user`);
   * kept sealed with `RuntimeDeps.addresses` until the conversation has ended and all is sent.
   */
  readonly replyTo?: string | null;
  readonly now: Date;
}

export interface Delivered {
  readonly conversationId: number | null;
  /** In order, also queued in bot_outbox. */
  readonly messages: readonly OutgoingMessage[];
  /**
   * The event id was seen before: nothing was done (but a CEP lookup its turn left undone, and
   * `messages` holds what that lookup sent).
   */
  readonly duplicate: boolean;
}

/**
 * A unique violation (two users' events with one event id in a batch) or a step code remembered
 * from a rolled-back turn (turn-store.ts forgets them) runs the turn again.
 */
const ATTEMPTS = 5;

/** Handles one inbound event: through the process's batcher when it has one (turn-batcher.ts). */
export async function receive(deps: RuntimeDeps, event: InboundEvent): Promise<Delivered> {
  if (deps.batcher) return deps.batcher.submit(event);
  const [outcome] = await receiveAll(deps, [event]);
  if (outcome?.status === 'rejected') throw outcome.reason;
  return (outcome as PromiseFulfilledResult<Delivered>).value;
}

/**
 * Events of different users, in one transaction: their locks taken with the BEGIN (one round
 * trip), their newest conversations read at once, each turn run by the engine, all written by
 * storeTurns. When the batch fails, each event runs alone, so one event's problem is its own.
 * Lookups (effects) run after the commit, outside the locks.
 */
export async function receiveAll(
  deps: RuntimeDeps,
  events: readonly InboundEvent[],
  keys: readonly ThreadKey[] = events.map((event) => threadKeyOf(deps, event)),
): Promise<PromiseSettledResult<Delivered>[]> {
  if (new Set(keys.map(threadIdOf)).size !== keys.length)
    throw new Error('one batch holds one event per user');
  let turns: ReceivedTurn[];
  try {
    turns = await withRetries(() =>
      shortTransaction(deps.db, lockPrelude(keys), (trx) => receiveIn(trx, deps, keys, events)),
    );
  } catch (error) {
    if (events.length === 1) return [{ status: 'rejected', reason: error }];
    const alone = events.map((event, index) => receiveAll(deps, [event], [keys[index] as ThreadKey]));
    return (await Promise.all(alone)).flat();
  }
  return Promise.allSettled(
    turns.map((turn, index) => afterCommit(deps, turn, events[index] as InboundEvent)),
  );
}

/** Whose an event is: the user's key is computed once per event (an HMAC). */
export function threadKeyOf(deps: Pick<RuntimeDeps, 'secret'>, event: InboundEvent): ThreadKey {
  return {
    botId: event.botId,
    channel: event.channel,
    userKey: userKeyOf(deps.secret, event.channel, event.handle),
  };
}

/** One text per thread: bot, channel and user key. */
export function threadIdOf(key: ThreadKey): string {
  return `${key.botId}:${key.channel}:${key.userKey}`;
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt < ATTEMPTS && (isUniqueViolation(error) || isForeignKeyViolation(error))) continue;
      throw error;
    }
  }
}

/** Each lookup result is resumed in a transaction of its own. */
async function afterCommit(deps: RuntimeDeps, turn: ReceivedTurn, event: InboundEvent): Promise<Delivered> {
  const later =
    turn.conversationId === null
      ? []
      : await runEffects(turn.effects, deps.lookup, (input) =>
          resumeConversation(deps, turn.conversationId as number, input, event.now),
        );
  if (turn.duplicate) return { conversationId: turn.conversationId, messages: later, duplicate: true };
  return { conversationId: turn.conversationId, messages: [...turn.messages, ...later], duplicate: false };
}

interface ReceivedTurn {
  readonly conversationId: number | null;
  readonly messages: readonly OutgoingMessage[];
  readonly effects: readonly Effect[];
  readonly duplicate: boolean;
}

/**
 * One user's turns run one at a time: a transaction-scoped advisory lock on the user (a hash of
 * bot, channel and key; a collision only makes two users wait for each other), taken before the
 * newest conversation is read, so the read sees every turn committed before. The row lock on that
 * conversation keeps the timeout sweep away from it meanwhile.
 */
export function userLockKey(key: ThreadKey): bigint {
  const digest = createHash('sha256').update(threadIdOf(key)).digest();
  return digest.readBigInt64BE(0);
}

/** The users' locks, in one order for every transaction (no deadlock between batches); numbers only. */
function lockPrelude(keys: readonly ThreadKey[]): string {
  const sorted = keys.map(userLockKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `select ${sorted.map((lock) => `pg_advisory_xact_lock(${lock})`).join(', ')}`;
}

async function receiveIn(
  trx: Kysely<Database>,
  deps: RuntimeDeps,
  keys: readonly ThreadKey[],
  events: readonly InboundEvent[],
): Promise<ReceivedTurn[]> {
  const found = await latestConversations(
    trx,
    keys,
    events.map((event) => event.eventId ?? null),
  );
  const current = await currentRevisions(
    trx,
    events
      .filter((event, i) => !found[i]?.seen && !isRunning(found[i]?.row, event.now.getTime()))
      .map((e) => e.botId),
  );
  const turns: (ReceivedTurn | TurnToStore)[] = [];
  for (const [i, event] of events.entries()) {
    const { row, seen } = found[i] as { row: BotConversationRow | undefined; seen: boolean };
    // A redelivery. If its turn asked for a CEP lookup that never came back (the process died
    // while doing it), the lookup is done again now.
    if (seen)
      turns.push({
        conversationId: row?.id ?? null,
        messages: [],
        effects: lookupLeftOver(row),
        duplicate: true,
      });
    else turns.push(await runTurn(trx, deps, { key: keys[i] as ThreadKey, event, row, current }));
  }
  const toStore = turns.filter((turn): turn is TurnToStore => 'key' in turn);
  const stored = (await storeTurns(trx, toStore)).values();
  return turns.map((turn) => {
    if (!('key' in turn)) return turn;
    const conversationId = stored.next().value?.conversationId ?? null;
    return { conversationId, messages: turn.result.messages, effects: turn.result.effects, duplicate: false };
  });
}

/** The engine's turn for one event: on its conversation's revision, or the bot's current one. */
async function runTurn(
  trx: Kysely<Database>,
  deps: RuntimeDeps,
  input: {
    key: ThreadKey;
    event: InboundEvent;
    row: BotConversationRow | undefined;
    current: Map<number, number | null>;
  },
): Promise<TurnToStore> {
  const { key, event, row } = input;
  const now = event.now.getTime();
  const revisionId = isRunning(row, now)
    ? (row as BotConversationRow).revision_id
    : currentOf(input.current, key.botId);
  const { bundle } = await (deps.revisions ?? revisionCache).load(trx, revisionId);
  const state = row ? (row.state as ConversationState) : null;
  const typed = storable(event.input);
  const result: TurnResult =
    state === null
      ? start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input: typed }, now)
      : resume(bundle.bot, bundle.questionnaires, state, typed, now);
  return {
    key,
    row,
    revisionId,
    result,
    route: routeOf(deps, event, row, result),
    inbound: { eventId: event.eventId ?? null, input: typed, receivedAt: event.now },
  };
}

function lookupLeftOver(row: BotConversationRow | undefined): Effect[] {
  const position = row && row.ended_at === null ? (row.state as ConversationState).position : null;
  const effect = position?.at === 'questionnaire' ? waitingLookup(position.quiz) : null;
  return effect ? [effect] : [];
}

/** Text PostgreSQL cannot store (NUL) is dropped: the routes refuse it, other callers may not. */
function storable(input: Inbound): Inbound {
  return input.kind === 'text' && input.text.includes('\u0000')
    ? { kind: 'text', text: input.text.replaceAll('\u0000', '') }
    : input;
}

/**
 * Where replies go. The address is sealed only when the conversation has none yet (a new
 * conversation, another channel row): a user key stands for one handle, so it never changes.
 */
function routeOf(
  deps: RuntimeDeps,
  event: InboundEvent,
  row: BotConversationRow | undefined,
  result: TurnResult,
): ReplyRoute {
  const channelId = event.channelId ?? null;
  if (!event.replyTo) return { channelId, replyTo: null };
  if (!deps.addresses) throw new Error('an event with a reply address needs RuntimeDeps.addresses');
  const kept = row && row.reply_to !== null && row.channel_id === channelId && result.started.length === 0;
  return kept ? { channelId } : { channelId, replyTo: deps.addresses.seal(event.replyTo) };
}

/**
 * A running conversation keeps the revision it started on; a message that starts a new one (none
 * yet, the last ended, or its deadline passed) runs on the bot's current revision.
 */
function isRunning(row: BotConversationRow | undefined, now: number): row is BotConversationRow {
  return (
    row !== undefined && row.ended_at === null && (row.deadline === null || row.deadline.getTime() > now)
  );
}

/** The current revision of each bot asked for (one query, none when no event starts a conversation). */
async function currentRevisions(
  trx: Kysely<Database>,
  botIds: readonly number[],
): Promise<Map<number, number | null>> {
  if (botIds.length === 0) return new Map();
  const bots = await trx
    .selectFrom('bots')
    .select(['id', 'current_revision_id'])
    .where('id', 'in', [...new Set(botIds)])
    .execute();
  return new Map(bots.map((bot) => [bot.id, bot.current_revision_id]));
}

function currentOf(current: Map<number, number | null>, botId: number): number {
  const revisionId = current.get(botId);
  if (revisionId === undefined) throw new NotFound('Bot');
  if (revisionId === null) throw new Conflict('The bot has no revision yet.', 'bot_not_ready');
  return revisionId;
}

/**
 * Resumes one conversation (by row id) with a host input such as a lookup result. Ignored when the
 * conversation is no longer the user's newest or has ended meanwhile.
 */
export async function resumeConversation(
  deps: Pick<RuntimeDeps, 'db' | 'revisions'>,
  conversationId: number,
  input: Resume,
  now: Date,
): Promise<TurnResult | null> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('bot_conversations')
      .selectAll()
      .where('id', '=', conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.ended_at !== null) return null;
    const key = { botId: row.bot_id, channel: row.channel, userKey: row.user_key };
    if ((await newestSeq(trx, key)) !== row.seq) return null;
    const { bundle } = await (deps.revisions ?? revisionCache).load(trx, row.revision_id);
    const result = resume(
      bundle.bot,
      bundle.questionnaires,
      row.state as ConversationState,
      input,
      now.getTime(),
    );
    await storeTurn(trx, key, { row, revisionId: row.revision_id, result });
    return result;
  });
}
