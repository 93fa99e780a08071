import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { BotConversationRow } from '../db/rows.js';
import { Conflict, isUniqueViolation, NotFound } from '../errors.js';
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
import { lockLatestConversation, newestSeq } from './queries.js';
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

/** Two first messages of one user racing to create its first row: the loser runs again. */
const ATTEMPTS = 5;

class Contended extends Error {}

export async function receive(deps: RuntimeDeps, event: InboundEvent): Promise<Delivered> {
  const key: ThreadKey = {
    botId: event.botId,
    channel: event.channel,
    userKey: userKeyOf(deps.secret, event.channel, event.handle),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const turn = await deps.db.transaction().execute((trx) => receiveIn(trx, deps, key, event));
      if (turn.duplicate) return { conversationId: turn.conversationId, messages: [], duplicate: true };
      // Outside the lock: each lookup result is resumed in a transaction of its own.
      const later = await runEffects(turn.effects, deps.lookup, (input) =>
        resumeConversation(deps, turn.conversationId, input, event.now),
      );
      return {
        conversationId: turn.conversationId,
        messages: [...turn.messages, ...later],
        duplicate: false,
      };
    } catch (error) {
      if (attempt < ATTEMPTS && (error instanceof Contended || isUniqueViolation(error))) continue;
      throw error;
    }
  }
}

interface ReceivedTurn {
  readonly conversationId: number;
  readonly messages: readonly OutgoingMessage[];
  readonly effects: readonly Effect[];
  readonly duplicate: boolean;
}

async function receiveIn(
  trx: Transaction<Database>,
  deps: RuntimeDeps,
  key: ThreadKey,
  event: InboundEvent,
): Promise<ReceivedTurn> {
  const row = await lockLatestConversation(trx, key);
  // Waiting for the lock, another turn may have begun a newer conversation: start over.
  if (row && (await newestSeq(trx, key)) !== row.seq) throw new Contended();
  if (row && event.eventId) {
    const seen = await trx
      .selectFrom('bot_inbound')
      .select('id')
      .where('bot_id', '=', key.botId)
      .where('channel', '=', event.channel)
      .where('event_id', '=', event.eventId)
      .executeTakeFirst();
    if (seen) return { conversationId: row.id, messages: [], effects: [], duplicate: true };
  }
  const now = event.now.getTime();
  const revisionId = await revisionFor(trx, key.botId, row, now);
  const { bundle } = await (deps.revisions ?? revisionCache).load(trx, revisionId);
  const state = row ? (row.state as ConversationState) : null;
  const result: TurnResult =
    state === null
      ? start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input: event.input }, now)
      : resume(bundle.bot, bundle.questionnaires, state, event.input, now);
  const stored = await storeTurn(trx, key, { row, revisionId, result, route: routeOf(deps, event) });
  await trx
    .insertInto('bot_inbound')
    .values({
      bot_id: key.botId,
      conversation_id: stored.conversationId,
      channel: key.channel,
      event_id: event.eventId ?? null,
      input: JSON.stringify(event.input),
      received_at: event.now,
    })
    .execute();
  return {
    conversationId: stored.conversationId,
    messages: result.messages,
    effects: result.effects,
    duplicate: false,
  };
}

function routeOf(deps: RuntimeDeps, event: InboundEvent): ReplyRoute {
  if (event.replyTo && !deps.addresses)
    throw new Error('an event with a reply address needs RuntimeDeps.addresses');
  return {
    channelId: event.channelId ?? null,
    replyTo: event.replyTo && deps.addresses ? deps.addresses.seal(event.replyTo) : null,
  };
}

/**
 * A running conversation keeps the revision it started on; a message that starts a new one (none
 * yet, the last ended, or its deadline passed) runs on the bot's current revision.
 */
async function revisionFor(
  trx: Transaction<Database>,
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
