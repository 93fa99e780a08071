import { CompiledQuery, type Kysely } from 'kysely';
import { groupBy } from '../../common/group-by.js';
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

/** One engine turn to write, with whose it is and where it starts from. */
export interface TurnToStore {
  readonly key: ThreadKey;
  /** The user's newest conversation before the turn (locked by the caller). */
  readonly row: BotConversationRow | undefined;
  /** The revision conversations begun in the turn run on. */
  readonly revisionId: number;
  readonly result: TurnResult;
  /** Set by inbound turns; a timeout or a resume keeps what the conversation has. */
  readonly route?: ReplyRoute;
  readonly inbound?: InboundRecord;
}

/** Writes one turn; see storeTurns. */
export async function storeTurn(
  trx: Kysely<Database>,
  key: ThreadKey,
  input: Omit<TurnToStore, 'key'>,
): Promise<StoredTurn> {
  const [stored] = await storeTurns(trx, [{ key, ...input }]);
  return stored as StoredTurn;
}

/**
 * Writes engine turns of different users inside the caller's transaction (which holds their
 * locks): rows for conversations begun, end fields of those ended, then in one statement the
 * state, tag and deadline of each user's newest conversation, the analytics events (appended),
 * the outgoing messages (outbox) and the inbound messages. A handful of statements however many
 * turns: each round trip to PostgreSQL is most of a turn's cost (bench/chatbot.ts).
 */
export async function storeTurns(
  trx: Kysely<Database>,
  turns: readonly TurnToStore[],
): Promise<StoredTurn[]> {
  const begun = await insertConversations(trx, turns);
  const idsOf = turns.map((turn, index) => {
    const ids = new Map<number, number>(begun[index]);
    if (turn.row) ids.set(turn.row.seq, turn.row.id);
    return (seq: number): number => {
      const id = ids.get(seq);
      if (id === undefined) throw new Error(`turn refers to conversation #${seq}, which has no row`);
      return id;
    };
  });
  await storeEnds(
    trx,
    turns.flatMap((turn, index) =>
      turn.result.ended.map((end) => ({ id: idsOf[index]!(end.conversation), end })),
    ),
  );
  const written = turns.map((turn, index) => ({
    ...turn,
    idOf: idsOf[index]!,
    conversationId: idsOf[index]!(turn.result.state.conversation),
  }));
  const stepIds = await stepCodesOf(trx, turns);
  try {
    await writeTurns(trx, written, stepIds);
  } catch (error) {
    // A remembered step code that a rolled-back transaction had added: forget them all (the caller retries).
    if (isForeignKeyViolation(error)) knownStepCodes.clear();
    throw error;
  }
  return written.map((turn) => ({ conversationId: turn.conversationId }));
}

/** Rows for the conversations the turns began: per turn, conversation seq → row id. */
async function insertConversations(
  trx: Kysely<Database>,
  turns: readonly TurnToStore[],
): Promise<Map<number, number>[]> {
  const begun = turns.flatMap((turn, index) => turn.result.started.map((start) => ({ turn, index, start })));
  const maps = turns.map(() => new Map<number, number>());
  if (begun.length === 0) return maps;
  const { rows } = await trx.executeQuery<{
    id: number;
    bot_id: number;
    channel: string;
    user_key: string;
    seq: number;
  }>(
    CompiledQuery.raw(INSERT_CONVERSATIONS, [
      begun.map((b) => b.turn.key.botId),
      begun.map((b) => b.turn.revisionId),
      begun.map((b) => b.turn.key.channel),
      begun.map((b) => b.turn.key.userKey),
      begun.map((b) => b.start.conversation),
      begun.map((b) => JSON.stringify(b.turn.result.state)),
      begun.map((b) => new Date(b.start.at)),
      begun.map((b) => b.turn.route?.channelId ?? null),
    ]),
  );
  const idOf = new Map(rows.map((r) => [`${r.bot_id}:${r.channel}:${r.user_key}:${r.seq}`, r.id]));
  for (const { turn, index, start } of begun) {
    const id = idOf.get(`${turn.key.botId}:${turn.key.channel}:${turn.key.userKey}:${start.conversation}`);
    if (id === undefined) throw new Error('a conversation row was not inserted');
    maps[index]!.set(start.conversation, id);
  }
  return maps;
}

const INSERT_CONVERSATIONS = `
  insert into bot_conversations (bot_id, revision_id, channel, user_key, seq, state, started_at, last_inbound_at,
                                 channel_id)
  select b, r, ch, k, s, st, at, at, cid
    from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::timestamptz[], $8::int[])
         as n(b, r, ch, k, s, st, at, cid)
  returning id, bot_id, channel, user_key, seq`;

async function storeEnds(
  trx: Kysely<Database>,
  ends: readonly { id: number; end: EndState }[],
): Promise<void> {
  if (ends.length === 0) return;
  await trx.executeQuery(
    CompiledQuery.raw(STORE_ENDS, [
      ends.map((e) => e.id),
      ends.map((e) => new Date(e.end.at)),
      ends.map((e) => e.end.reason),
      ends.map((e) => e.end.state),
      ends.map((e) => e.end.error),
      ends.map((e) => e.end.questionnaire_id),
      ends.map((e) => (e.end.responses === null ? null : JSON.stringify(e.end.responses))),
    ]),
  );
}

const STORE_ENDS = `
  update bot_conversations c
     set ended_at = e.at, end_reason = e.reason, end_state = e.state, end_error = e.error,
         questionnaire_id = e.questionnaire_id, responses = e.responses, deadline = null
    from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
         as e(id, at, reason, state, error, questionnaire_id, responses)
   where c.id = e.id`;

interface WrittenTurn extends TurnToStore {
  readonly conversationId: number;
  readonly idOf: (seq: number) => number;
}

/** Each turn's newest conversation, the events, the outbox rows and the inbound rows: one statement. */
async function writeTurns(
  trx: Kysely<Database>,
  turns: readonly WrittenTurn[],
  stepIds: ReadonlyMap<string, number>,
): Promise<void> {
  const stepId = (botId: number, code: string) => {
    const id = stepIds.get(`${botId}:${code}`);
    if (id === undefined) throw new Error(`step code ${code} was not stored`);
    return id;
  };
  // One JSON document for the whole write: PostgreSQL unpacks it (jsonb_to_recordset) faster than
  // the driver escapes arrays of JSON text, and each state is serialised once.
  const payload = {
    conversations: turns.map((t) => ({
      id: t.conversationId,
      state: t.result.state,
      tag_code: t.result.state.tag_code,
      deadline: t.result.deadline === null ? null : new Date(t.result.deadline),
      last_inbound_at: new Date(t.result.state.last_inbound_at),
      set_channel: t.route !== undefined,
      channel_id: t.route?.channelId ?? null,
      set_reply: t.route?.replyTo !== undefined,
      reply_to: t.route?.replyTo ? t.route.replyTo.toString('hex') : null,
    })),
    events: turns.flatMap((t) =>
      t.result.events.map((e) => ({
        bot_id: t.key.botId,
        conversation_id: t.idOf(e.conversation),
        step_code_id: stepId(t.key.botId, e.step_code),
        previous_step_code_id:
          e.previous_step_code === null ? null : stepId(t.key.botId, e.previous_step_code),
        state: e.state,
        tag_code: e.tag_code,
        questionnaire_id: e.questionnaire_id,
        created_at: new Date(e.created_at),
        first_msg_at: new Date(e.first_msg_at),
        timeout_at: e.timeout_at === null ? null : new Date(e.timeout_at),
      })),
    ),
    outbox: turns.flatMap((t) =>
      t.result.messages.map((message, i) => ({
        conversation_id: t.conversationId,
        channel: t.key.channel,
        user_key: t.key.userKey,
        message,
        part: i + 1,
        parts: t.result.messages.length,
      })),
    ),
    inbound: turns.flatMap((t) =>
      t.inbound === undefined
        ? []
        : [
            {
              bot_id: t.key.botId,
              conversation_id: t.conversationId,
              channel: t.key.channel,
              event_id: t.inbound.eventId,
              input: t.inbound.input,
              received_at: t.inbound.receivedAt,
            },
          ],
    ),
  };
  // Prepared text, not built per turn: compiling a query builder costs more than the turn's engine.
  await trx.executeQuery(CompiledQuery.raw(WRITE_TURNS, [JSON.stringify(payload)]));
}

/** writeTurns' statement: $1 is its JSON payload. */
const WRITE_TURNS = `
  with conversations as (
    update bot_conversations c
       set state = u.state, tag_code = u.tag_code, deadline = u.deadline, last_inbound_at = u.last_inbound_at,
           channel_id = case when u.set_channel then u.channel_id else c.channel_id end,
           reply_to = case when u.set_reply then decode(u.reply_to, 'hex') else c.reply_to end
      from jsonb_to_recordset($1::jsonb -> 'conversations')
           as u(id bigint, state jsonb, tag_code int, deadline timestamptz, last_inbound_at timestamptz,
                set_channel boolean, channel_id int, set_reply boolean, reply_to text)
     where c.id = u.id
  ), events as (
    insert into bot_events (bot_id, conversation_id, step_code_id, previous_step_code_id, state, tag_code,
                            questionnaire_id, created_at, first_msg_at, timeout_at)
    select * from jsonb_to_recordset($1::jsonb -> 'events')
           as e(bot_id int, conversation_id bigint, step_code_id int, previous_step_code_id int, state text,
                tag_code int, questionnaire_id text, created_at timestamptz, first_msg_at timestamptz,
                timeout_at timestamptz)
  ), outbox as (
    insert into bot_outbox (conversation_id, channel, user_key, message, part, parts)
    select * from jsonb_to_recordset($1::jsonb -> 'outbox')
           as m(conversation_id bigint, channel text, user_key text, message jsonb, part smallint, parts smallint)
  )
  insert into bot_inbound (bot_id, conversation_id, channel, event_id, input, received_at)
  select * from jsonb_to_recordset($1::jsonb -> 'inbound')
         as i(bot_id int, conversation_id bigint, channel text, event_id text, input jsonb, received_at timestamptz)`;

/** The step code ids the turns' events use, by `botId:code`. */
async function stepCodesOf(
  trx: Kysely<Database>,
  turns: readonly TurnToStore[],
): Promise<Map<string, number>> {
  const all = new Map<string, number>();
  for (const [botId, botTurns] of groupBy(turns, (turn) => turn.key.botId)) {
    const events = botTurns.flatMap((turn) => turn.result.events);
    for (const [code, id] of await stepCodeIds(trx, botId, events)) all.set(`${botId}:${code}`, id);
  }
  return all;
}

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
