import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/** What the audit screen shows of a conversation, as read; presenters.ts shapes the reply. */
export interface ConversationRows {
  head: NonNullable<Awaited<ReturnType<typeof readHead>>>;
  tags: Awaited<ReturnType<typeof readTags>>;
  messages: Awaited<ReturnType<typeof readMessages>>;
  survey: Awaited<ReturnType<typeof readSurvey>>;
}

/** The whole conversation for the audit screen: thread, survey with recorded answers, tags. */
export async function loadConversation(db: Db, conversationId: number): Promise<ConversationRows | null> {
  const head = await readHead(db, conversationId);
  if (!head) return null;
  const [tags, messages, survey] = await Promise.all([
    readTags(db, conversationId),
    readMessages(db, conversationId),
    readSurvey(db, conversationId, head.campaign_id),
  ]);
  return { head, tags, messages, survey };
}

function readHead(db: Db, conversationId: number) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('campaigns as ca', 'ca.id', 'c.campaign_id')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('texters as t', 't.id', 'c.texter_id')
    .select([
      'c.id',
      'c.opted_out',
      'ca.id as campaign_id',
      'ca.title as campaign_title',
      'ct.first_name as contact_first_name',
      'ct.last_name as contact_last_name',
      'ct.cell as contact_cell',
      'ct.zip as contact_zip',
      't.id as texter_id',
      't.first_name as texter_first_name',
      't.last_name as texter_last_name',
      // An admin's correction wins over the imported address (docs/feedback.md).
      sql<string | null>`coalesce(t.email_override, t.email)`.as('texter_email'),
      't.texter_audit_date',
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
}

function readTags(db: Db, conversationId: number) {
  return db
    .selectFrom('conversation_tags as ct')
    .innerJoin('tags', 'tags.id', 'ct.tag_id')
    .select(['tags.name', 'ct.value'])
    .where('ct.conversation_id', '=', conversationId)
    .orderBy('tags.name')
    .execute();
}

function readMessages(db: Db, conversationId: number) {
  return db
    .selectFrom('messages as m')
    .leftJoin('texters as t', 't.id', 'm.texter_id')
    .select([
      'm.id',
      'm.text',
      'm.from_contact',
      'm.sent_at',
      't.id as texter_id',
      't.first_name',
      't.last_name',
    ])
    .where('m.conversation_id', '=', conversationId)
    .orderBy('m.sent_at')
    .orderBy('m.id')
    .execute();
}

function readSurvey(db: Db, conversationId: number, campaignId: number) {
  return db
    .selectFrom('survey_questions as q')
    .leftJoin('survey_responses as r', (join) =>
      join.onRef('r.question_id', '=', 'q.id').on('r.conversation_id', '=', conversationId),
    )
    .select(['q.question', 'q.allowed_responses', 'r.value'])
    .where('q.campaign_id', '=', campaignId)
    .orderBy('q.sort')
    .orderBy('q.id')
    .execute();
}
