import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { BotConversationRow } from '../../db/rows.js';

/**
 * Reads of bot conversations for the admins' pages: the list (keyset paged, newest first), one
 * conversation with its inbound and outbound messages, and the questionnaires' question codes.
 */
export interface ConversationListRow
  extends Pick<
    BotConversationRow,
    | 'id'
    | 'bot_id'
    | 'revision_id'
    | 'user_key'
    | 'channel'
    | 'started_at'
    | 'last_inbound_at'
    | 'ended_at'
    | 'end_reason'
    | 'end_state'
    | 'end_error'
    | 'questionnaire_id'
    | 'deadline'
    | 'state'
    | 'responses'
  > {
  readonly revision_number: number;
  readonly tag_code: number | null;
  readonly tag_label: string | null;
  readonly last_step: string | null;
  readonly answer_count: number;
  /** started_at in microseconds since the epoch: the list's cursor. */
  readonly started_us: number;
}

/** A conversation's answers: recorded when it ended, else those of its running questionnaire so far. */
const ANSWERS = sql`coalesce(c.responses, case when c.ended_at is null then c.state #> '{position,quiz,responses}' end)`;

/** The newest analytics event of the conversation (its step and tag). */
const LAST_EVENT = sql`(select e.step_code_id, e.tag_code from bot_events e
   where e.conversation_id = c.id order by e.id desc limit 1)`;

/** The conversation's sticky tag, else the one its events carry (the config's default until one matched). */
const EFFECTIVE_TAG = sql<number | null>`coalesce(c.tag_code, (select l.tag_code from ${LAST_EVENT} l))`.as(
  'tag_code',
);

function summaries(db: Db) {
  return db
    .selectFrom('bot_conversations as c')
    .innerJoin('bot_revisions as r', 'r.id', 'c.revision_id')
    .select([
      'c.id',
      'c.bot_id',
      'c.revision_id',
      'c.user_key',
      'c.channel',
      'c.started_at',
      'c.last_inbound_at',
      'c.ended_at',
      'c.end_reason',
      'c.end_state',
      'c.end_error',
      'c.questionnaire_id',
      'c.deadline',
      'c.state',
      'c.responses',
      'r.number as revision_number',
      EFFECTIVE_TAG,
      sql<string | null>`(select t.label from bot_tag_codes t
         where t.id = coalesce(c.tag_code, (select l.tag_code from ${LAST_EVENT} l)))`.as('tag_label'),
      sql<
        string | null
      >`(select s.code from ${LAST_EVENT} l join bot_step_codes s on s.id = l.step_code_id)`.as('last_step'),
      sql<number>`(extract(epoch from c.started_at) * 1000000)::bigint`.as('started_us'),
      sql<number>`(select count(*) from jsonb_object_keys(case when jsonb_typeof(${ANSWERS}) = 'object'
         then ${ANSWERS} end) k where k <> 'start_time')`.as('answer_count'),
    ]);
}

/** Where a page ends: its last conversation's start, in microseconds since the epoch (exact), and id. */
export interface ConversationCursor {
  readonly startedUs: number;
  readonly id: number;
}

/** One page of a bot's conversations, newest first, from before `cursor` (keyset: started_at, id). */
export async function listConversations(
  db: Db,
  botId: number,
  page: { before: ConversationCursor | null; limit: number },
): Promise<ConversationListRow[]> {
  let query = summaries(db).where('c.bot_id', '=', botId);
  if (page.before)
    query = query.where(
      sql<boolean>`(c.started_at, c.id) < (timestamptz 'epoch' + ${page.before.startedUs} * interval '1 microsecond', ${page.before.id})`,
    );
  return (await query
    .orderBy('c.started_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit)
    .execute()) as ConversationListRow[];
}

export async function findConversation(db: Db, id: number): Promise<ConversationListRow | undefined> {
  return (await summaries(db).where('c.id', '=', id).executeTakeFirst()) as ConversationListRow | undefined;
}

export interface InboundRow {
  readonly id: number;
  readonly input: unknown;
  readonly received_at: Date;
}

export interface OutboxRow {
  readonly id: number;
  readonly message: unknown;
  readonly created_at: Date;
  readonly sent_at: Date | null;
  readonly failed_at: Date | null;
  readonly attempts: number;
  readonly last_error: string | null;
}

/** What the person sent and what the bot answered in one conversation, each in id order. */
export async function conversationMessages(
  db: Db,
  conversationId: number,
): Promise<{ inbound: InboundRow[]; outbox: OutboxRow[] }> {
  const [inbound, outbox] = await Promise.all([
    db
      .selectFrom('bot_inbound')
      .select(['id', 'input', 'received_at'])
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('bot_outbox')
      .select(['id', 'message', 'created_at', 'sent_at', 'failed_at', 'attempts', 'last_error'])
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute(),
  ]);
  return { inbound, outbox };
}

/**
 * The question codes of a questionnaire over every revision of the bot: the newest revision's in
 * its order, then those only older revisions have (newest first). Display texts store no answer.
 * Empty when no revision has the questionnaire.
 */
export async function questionCodes(db: Db, botId: number, questionnaireId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('bot_questions as q')
    .innerJoin('bot_questionnaires as qn', 'qn.id', 'q.questionnaire_id')
    .innerJoin('bot_revisions as r', 'r.id', 'qn.revision_id')
    .select(['q.code', 'q.type'])
    .where('r.bot_id', '=', botId)
    .where('qn.key', '=', questionnaireId)
    .orderBy('r.number', 'desc')
    .orderBy('q.sort')
    .execute();
  return [...new Set(rows.filter((row) => row.type !== 'displaytext').map((row) => row.code))];
}

/** Whether any revision of the bot has the questionnaire. */
export async function hasQuestionnaire(db: Db, botId: number, questionnaireId: string): Promise<boolean> {
  const row = await db
    .selectFrom('bot_questionnaires as qn')
    .innerJoin('bot_revisions as r', 'r.id', 'qn.revision_id')
    .select('qn.id')
    .where('r.bot_id', '=', botId)
    .where('qn.key', '=', questionnaireId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AnswerRow {
  readonly id: number;
  readonly user_key: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
  readonly end_reason: string | null;
  readonly tag_code: number | null;
  readonly responses: Record<string, string | number>;
}

/**
 * The conversations of a bot that recorded answers to the questionnaire, in the order they were
 * stored, one batch at a time (keyset on id): the CSV export never holds more than a batch.
 */
export async function* answerRows(
  db: Db,
  botId: number,
  questionnaireId: string,
  batch = 500,
): AsyncGenerator<AnswerRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('bot_conversations as c')
      .select([
        'c.id',
        'c.user_key',
        'c.started_at',
        'c.ended_at',
        'c.end_reason',
        'c.responses',
        EFFECTIVE_TAG,
      ])
      .where('c.bot_id', '=', botId)
      .where('c.questionnaire_id', '=', questionnaireId)
      .where('c.responses', 'is not', null)
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(batch)
      .execute();
    for (const row of rows) yield row as AnswerRow;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = last.id;
  }
}
