import { CompiledQuery, type Kysely } from 'kysely';
import type { BotEndAction, BotEndReason } from '../db/column-types.js';
import type { Database } from '../db/index.js';
import type { BotConversationRow } from '../db/rows.js';
import { isForeignKeyViolation } from '../errors.js';
import type { AnalyticsEvent, EndState, Question, TurnResult } from './engine/index.js';

/** True when two unions have the same members. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The database's enum-like columns restate the engine's unions (the engine imports nothing from
// outside itself): these fail to compile when one side gains a value the other lacks.
const endReasonsAgree: Same<BotEndReason, EndState['reason']> = true;
const endActionsAgree: Same<BotEndAction, Extract<Question, { type: 'botao_fim' }>['end']> = true;
void endReasonsAgree;
void endActionsAgree;

/** Who a turn belongs to: one user of one bot on one channel. */
export interface ThreadKey {
  readonly botId: number;
  readonly channel: string;
  readonly userKey: string;
}

/** Where replies of the turn's conversation go: its channel and the sealed reply address. */
export interface ReplyRoute {
  readonly channelId: number | null;
  /**
   * The channel's address of the user, sealed (secret-box); null when the channel needs none;
   * undefined to keep what the conversation has (sealing it again each turn would be wasted work).
   */
  readonly replyTo?: Buffer | null;
}

export interface StoredTurn {
  /** The conversation current after the turn (the newest row of the user). */
  readonly conversationId: number;
}

/** The inbound message that caused a turn, stored with it (unique per bot, channel and event id). */
export interface InboundRecord {
  readonly eventId: string | null;
  /** The input as the engine got it (JSON). */
  readonly input: unknown;
  readonly receivedAt: Date;
}

/**
 * Writes one engine turn inside the caller's transaction (which holds the user's lock): rows for
 * conversations begun (on `revisionId`), end fields of those ended, then in one statement the
 * state, tag and deadline of the newest one, the analytics events (appended), the outgoing
 * messages (outbox) and the inbound message. One statement for the common turn: each round trip
 * to PostgreSQL is most of a turn's cost (bench/chatbot.ts).
 */
export async function storeTurn(
  trx: Kysely<Database>,
  key: ThreadKey,
  input: {
    row: BotConversationRow | undefined;
    revisionId: number;
    result: TurnResult;
    /** Set by inbound turns; a timeout or a resume keeps what the conversation has. */
    route?: ReplyRoute;
    inbound?: InboundRecord;
  },
): Promise<StoredTurn> {
  const { row, result } = input;
  const ids = new Map<number, number>();
  if (row) ids.set(row.seq, row.id);
  for (const begun of result.started)
    ids.set(begun.conversation, await insertConversation(trx, key, input, begun));
  const idOf = (seq: number): number => {
    const id = ids.get(seq);
    if (id === undefined) throw new Error(`turn refers to conversation #${seq}, which has no row`);
    return id;
  };
  for (const end of result.ended) await storeEnd(trx, idOf(end.conversation), end);
  const conversationId = idOf(result.state.conversation);
  const stepIds = await stepCodeIds(trx, key.botId, result.events);
  try {
    await writeTurn(trx, key, { ...input, conversationId, idOf, stepIds });
  } catch (error) {
    // A remembered step code that a rolled-back transaction had added: forget them all (the caller retries).
    if (isForeignKeyViolation(error)) knownStepCodes.clear();
    throw error;
  }
  return { conversationId };
}

async function insertConversation(
  trx: Kysely<Database>,
  key: ThreadKey,
  input: { revisionId: number; result: TurnResult; route?: ReplyRoute },
  begun: TurnResult['started'][number],
): Promise<number> {
  const at = new Date(begun.at);
  const { id } = await trx
    .insertInto('bot_conversations')
    .values({
      bot_id: key.botId,
      revision_id: input.revisionId,
      channel: key.channel,
      user_key: key.userKey,
      seq: begun.conversation,
      state: JSON.stringify(input.result.state),
      started_at: at,
      last_inbound_at: at,
      channel_id: input.route?.channelId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function storeEnd(trx: Kysely<Database>, conversationId: number, end: EndState): Promise<void> {
  await trx
    .updateTable('bot_conversations')
    .set({
      ended_at: new Date(end.at),
      end_reason: end.reason,
      end_state: end.state,
      end_error: end.error,
      questionnaire_id: end.questionnaire_id,
      responses: end.responses === null ? null : JSON.stringify(end.responses),
      deadline: null,
    })
    .where('id', '=', conversationId)
    .execute();
}

/** The newest conversation's state, the events, the outbox rows and the inbound row: one statement. */
async function writeTurn(
  trx: Kysely<Database>,
  key: ThreadKey,
  input: {
    result: TurnResult;
    route?: ReplyRoute;
    inbound?: InboundRecord;
    conversationId: number;
    idOf: (seq: number) => number;
    stepIds: ReadonlyMap<string, number>;
  },
): Promise<void> {
  const { result, route, inbound, conversationId, idOf, stepIds } = input;
  const stepId = (code: string) => {
    const id = stepIds.get(code);
    if (id === undefined) throw new Error(`step code ${code} was not stored`);
    return id;
  };
  const events = result.events;
  const messages = result.messages;
  const parameters = [
    JSON.stringify(result.state),
    result.state.tag_code,
    result.deadline === null ? null : new Date(result.deadline),
    new Date(result.state.last_inbound_at),
    route !== undefined,
    route?.channelId ?? null,
    route?.replyTo !== undefined,
    route?.replyTo ?? null,
    conversationId,
    key.botId,
    events.map((e) => idOf(e.conversation)),
    events.map((e) => stepId(e.step_code)),
    events.map((e) => (e.previous_step_code === null ? null : stepId(e.previous_step_code))),
    events.map((e) => e.state),
    events.map((e) => e.tag_code),
    events.map((e) => e.questionnaire_id),
    events.map((e) => new Date(e.created_at)),
    events.map((e) => new Date(e.first_msg_at)),
    events.map((e) => (e.timeout_at === null ? null : new Date(e.timeout_at))),
    key.channel,
    key.userKey,
    messages.length,
    messages.map((m) => JSON.stringify(m)),
    messages.map((_, i) => i + 1),
    inbound?.eventId ?? null,
    inbound ? JSON.stringify(inbound.input) : null,
    inbound?.receivedAt ?? null,
    inbound !== undefined,
  ];
  // Prepared text, not built per turn: compiling a query builder costs more than the turn's engine.
  await trx.executeQuery(CompiledQuery.raw(WRITE_TURN, parameters));
}

/** writeTurn's statement; $n as in its parameter list. */
const WRITE_TURN = `
  with conversation as (
    update bot_conversations
       set state = $1::jsonb, tag_code = $2, deadline = $3, last_inbound_at = $4,
           channel_id = case when $5::boolean then $6::int else channel_id end,
           reply_to = case when $7::boolean then $8::bytea else reply_to end
     where id = $9
  ), events as (
    insert into bot_events (bot_id, conversation_id, step_code_id, previous_step_code_id, state, tag_code,
                            questionnaire_id, created_at, first_msg_at, timeout_at)
    select $10, e.* from unnest($11::bigint[], $12::int[], $13::int[], $14::text[], $15::int[], $16::text[],
                                $17::timestamptz[], $18::timestamptz[], $19::timestamptz[]) as e
  ), outbox as (
    insert into bot_outbox (conversation_id, channel, user_key, message, part, parts)
    select $9, $20, $21, m.message, m.part, $22
      from unnest($23::jsonb[], $24::smallint[]) as m(message, part)
  )
  insert into bot_inbound (bot_id, conversation_id, channel, event_id, input, received_at)
  select $10, $9, $20, $25, $26::jsonb, $27 where $28::boolean`;

/** Step code ids by bot and code: rows are never changed, so a process keeps what it has read. */
const knownStepCodes = new Map<string, number>();

/**
 * Ids of the step codes the events use, adding the missing ones (one row per bot and code).
 * Inserted in code order so concurrent turns cannot deadlock on the unique index.
 */
async function stepCodeIds(
  trx: Kysely<Database>,
  botId: number,
  events: readonly AnalyticsEvent[],
): Promise<Map<string, number>> {
  const codes = new Map<string, string | null>();
  for (const e of events) {
    if (!codes.has(e.step_code)) codes.set(e.step_code, e.questionnaire_id);
    if (e.previous_step_code !== null && !codes.has(e.previous_step_code))
      codes.set(e.previous_step_code, null);
  }
  const found = new Map<string, number>();
  for (const code of codes.keys()) {
    const id = knownStepCodes.get(`${botId}:${code}`);
    if (id !== undefined) found.set(code, id);
  }
  if (found.size === codes.size) return found;
  const wanted = [...codes.keys()];
  // Rows this transaction adds are not remembered (they are gone if it rolls back).
  const read = async (remember: boolean) => {
    const rows = await trx
      .selectFrom('bot_step_codes')
      .select(['id', 'code'])
      .where('bot_id', '=', botId)
      .where('code', 'in', wanted)
      .execute();
    if (remember) for (const r of rows) knownStepCodes.set(`${botId}:${r.code}`, r.id);
    return new Map(rows.map((r) => [r.code, r.id]));
  };
  const stored = await read(true);
  const missing = wanted.filter((code) => !stored.has(code)).sort();
  if (missing.length === 0) return stored;
  await trx
    .insertInto('bot_step_codes')
    .values(missing.map((code) => ({ bot_id: botId, code, questionnaire_id: codes.get(code) ?? null })))
    .onConflict((oc) => oc.columns(['bot_id', 'code']).doNothing())
    .execute();
  return read(false);
}
