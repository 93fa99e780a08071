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
} from './engine/index.js';
import type { CepLookup } from './lookup.js';
import { latestConversation, newestSeq } from './queries.js';
import { type RevisionCache, revisionCache } from './revisions.js';
import { type ReplyRoute, storeTurn, type ThreadKey } from './turn-store.js';
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
  /** The event id was seen before: nothing was done. */
  readonly duplicate: boolean;
}

/**
 * A unique violation (two first messages racing past the lock's hash) or a step code remembered
 * from a rolled-back turn (turn-store.ts forgets them) runs the turn again.
 */
const ATTEMPTS = 5;

export async function receive(deps: RuntimeDeps, event: InboundEvent): Promise<Delivered> {
  const key: ThreadKey = {
    botId: event.botId,
    channel: event.channel,
    userKey: userKeyOf(deps.secret, event.channel, event.handle),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      // BEGIN and the user's lock go in one round trip (each is most of a turn's cost).
      const turn = await shortTransaction(
        deps.db,
        `select pg_advisory_xact_lock(${userLockKey(key)})`,
        (trx) => receiveIn(trx, deps, key, event),
      );
      // Outside the lock: each lookup result is resumed in a transaction of its own.
      const later =
        turn.conversationId === null
          ? []
          : await runEffects(turn.effects, deps.lookup, (input) =>
              resumeConversation(deps, turn.conversationId as number, input, event.now),
            );
      if (turn.duplicate) return { conversationId: turn.conversationId, messages: later, duplicate: true };
      return {
        conversationId: turn.conversationId,
        messages: [...turn.messages, ...later],
        duplicate: false,
      };
    } catch (error) {
      if (attempt < ATTEMPTS && (isUniqueViolation(error) || isForeignKeyViolation(error))) continue;
      throw error;
    }
  }
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
  const digest = createHash('sha256').update(`${key.botId}:${key.channel}:${key.userKey}`).digest();
  return digest.readBigInt64BE(0);
}

async function receiveIn(
  trx: Kysely<Database>,
  deps: RuntimeDeps,
  key: ThreadKey,
  event: InboundEvent,
): Promise<ReceivedTurn> {
  const { row, seen } = await latestConversation(trx, key, event.eventId ?? null);
  // A redelivery. If its turn asked for a CEP lookup that never came back (the process died
  // while doing it), the lookup is done again now.
  if (seen)
    return { conversationId: row?.id ?? null, messages: [], effects: lookupLeftOver(row), duplicate: true };
  const now = event.now.getTime();
  const revisionId = await revisionFor(trx, key.botId, row, now);
  const { bundle } = await (deps.revisions ?? revisionCache).load(trx, revisionId);
  const state = row ? (row.state as ConversationState) : null;
  const result: TurnResult =
    state === null
      ? start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input: storable(event.input) }, now)
      : resume(bundle.bot, bundle.questionnaires, state, storable(event.input), now);
  const stored = await storeTurn(trx, key, {
    row,
    revisionId,
    result,
    route: routeOf(deps, event, row, result),
    inbound: { eventId: event.eventId ?? null, input: storable(event.input), receivedAt: event.now },
  });
  return {
    conversationId: stored.conversationId,
    messages: result.messages,
    effects: result.effects,
    duplicate: false,
  };
}

function lookupLeftOver(row: BotConversationRow | undefined): Effect[] {
  const position = row && row.ended_at === null ? (row.state as ConversationState).position : null;
  if (position?.at !== 'questionnaire' || position.quiz.lookup === null) return [];
  return [{ kind: 'lookup', cep: position.quiz.lookup.cep, question: position.quiz.lookup.ref }];
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
async function revisionFor(
  trx: Kysely<Database>,
  botId: number,
  row: BotConversationRow | undefined,
  now: number,
): Promise<number> {
  const running =
    row !== undefined && row.ended_at === null && (row.deadline === null || row.deadline.getTime() > now);
  if (running) return row.revision_id;
  const bot = await trx
    .selectFrom('bots')
    .select('current_revision_id')
    .where('id', '=', botId)
    .executeTakeFirst();
  if (!bot) throw new NotFound('Bot');
  if (bot.current_revision_id === null) throw new Conflict('The bot has no revision yet.', 'bot_not_ready');
  return bot.current_revision_id;
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
