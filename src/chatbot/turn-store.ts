import type { Transaction } from 'kysely';
import type { BotEndAction, BotEndReason } from '../db/column-types.js';
import type { Database } from '../db/index.js';
import type { BotConversationRow } from '../db/rows.js';
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
  /** The channel's address of the user, sealed (secret-box); null when the channel needs none. */
  readonly replyTo: Buffer | null;
}

export interface StoredTurn {
  /** The conversation current after the turn (the newest row of the user). */
  readonly conversationId: number;
}

/**
 * Writes one engine turn inside the caller's transaction (which holds the user's row lock): rows
 * for conversations begun (on `revisionId`), end fields of those ended, the state, tag and deadline
 * of the newest one, the analytics events (appended) and the outgoing messages (outbox).
 */
export async function storeTurn(
  trx: Transaction<Database>,
  key: ThreadKey,
  input: {
    row: BotConversationRow | undefined;
    revisionId: number;
    result: TurnResult;
    /** Set by inbound turns; a timeout or a resume keeps what the conversation has. */
    route?: ReplyRoute;
  },
): Promise<StoredTurn> {
  const { row, result, revisionId, route } = input;
  const state = JSON.stringify(result.state);
  const ids = new Map<number, number>();
  if (row) ids.set(row.seq, row.id);
  for (const begun of result.started) {
    const at = new Date(begun.at);
    const { id } = await trx
      .insertInto('bot_conversations')
      .values({
        bot_id: key.botId,
        revision_id: revisionId,
        channel: key.channel,
        user_key: key.userKey,
        seq: begun.conversation,
        state,
        started_at: at,
        last_inbound_at: at,
        channel_id: route?.channelId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(begun.conversation, id);
  }
  const idOf = (seq: number): number => {
    const id = ids.get(seq);
    if (id === undefined) throw new Error(`turn refers to conversation #${seq}, which has no row`);
    return id;
  };
  for (const end of result.ended) {
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
      .where('id', '=', idOf(end.conversation))
      .execute();
  }
  const conversationId = idOf(result.state.conversation);
  await trx
    .updateTable('bot_conversations')
    .set({
      state,
      tag_code: result.state.tag_code,
      deadline: result.deadline === null ? null : new Date(result.deadline),
      last_inbound_at: new Date(result.state.last_inbound_at),
      ...(route ? { channel_id: route.channelId, reply_to: route.replyTo } : {}),
    })
    .where('id', '=', conversationId)
    .execute();
  await appendEvents(trx, key.botId, result.events, idOf);
  if (result.messages.length > 0) {
    await trx
      .insertInto('bot_outbox')
      .values(
        result.messages.map((message, index) => ({
          conversation_id: conversationId,
          channel: key.channel,
          user_key: key.userKey,
          message: JSON.stringify(message),
          part: index + 1,
          parts: result.messages.length,
        })),
      )
      .execute();
  }
  return { conversationId };
}

async function appendEvents(
  trx: Transaction<Database>,
  botId: number,
  events: readonly AnalyticsEvent[],
  idOf: (seq: number) => number,
): Promise<void> {
  if (events.length === 0) return;
  const codes = new Map<string, string | null>();
  for (const e of events) {
    if (!codes.has(e.step_code)) codes.set(e.step_code, e.questionnaire_id);
    if (e.previous_step_code !== null && !codes.has(e.previous_step_code))
      codes.set(e.previous_step_code, null);
  }
  const stepIds = await stepCodeIds(trx, botId, codes);
  const stepId = (code: string) => {
    const id = stepIds.get(code);
    if (id === undefined) throw new Error(`step code ${code} was not stored`);
    return id;
  };
  await trx
    .insertInto('bot_events')
    .values(
      events.map((e) => ({
        bot_id: botId,
        conversation_id: idOf(e.conversation),
        step_code_id: stepId(e.step_code),
        previous_step_code_id: e.previous_step_code === null ? null : stepId(e.previous_step_code),
        state: e.state,
        tag_code: e.tag_code,
        questionnaire_id: e.questionnaire_id,
        created_at: new Date(e.created_at),
        first_msg_at: new Date(e.first_msg_at),
        timeout_at: e.timeout_at === null ? null : new Date(e.timeout_at),
      })),
    )
    .execute();
}

/**
 * Ids of step codes, adding the missing ones (one row per bot and code). Inserted in code order so
 * concurrent turns cannot deadlock on the unique index.
 */
async function stepCodeIds(
  trx: Transaction<Database>,
  botId: number,
  codes: ReadonlyMap<string, string | null>,
): Promise<Map<string, number>> {
  const wanted = [...codes.keys()];
  const read = async () =>
    new Map(
      (
        await trx
          .selectFrom('bot_step_codes')
          .select(['id', 'code'])
          .where('bot_id', '=', botId)
          .where('code', 'in', wanted)
          .execute()
      ).map((r) => [r.code, r.id]),
    );
  const found = await read();
  const missing = wanted.filter((code) => !found.has(code)).sort();
  if (missing.length === 0) return found;
  await trx
    .insertInto('bot_step_codes')
    .values(missing.map((code) => ({ bot_id: botId, code, questionnaire_id: codes.get(code) ?? null })))
    .onConflict((oc) => oc.columns(['bot_id', 'code']).doNothing())
    .execute();
  return read();
}
