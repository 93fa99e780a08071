import { sql } from 'kysely';
import type { ConversationView } from '../../common/api/audit.js';
import type { Db } from '../db/index.js';
import type { Actor } from '../http/types.js';

/** Whether the actor may read a conversation: admins always, auditors while it is in their live batch. */
export async function canViewConversation(
  db: Db,
  actor: Actor,
  conversationId: number,
  now: Date,
): Promise<boolean> {
  if (actor.role === 'admin') return true;
  const { rows } = await sql<{ ok: number }>`
    select 1 as ok from audit_pool p
      join audit_batches b on b.id in (p.batch_id, p.calibration_batch_id) and b.auditor_id = ${actor.id}
     where p.conversation_id = ${conversationId}
       and (p.assigned_to = ${actor.id} or p.calibration_to = ${actor.id})
       and b.expired_at is null and (b.finished_at is not null or b.expires_at > ${now})
     limit 1`.execute(db);
  return rows.length > 0;
}

const texterName = (first: string | null, last: string | null) =>
  [first, last].filter(Boolean).join(' ').trim();

/** The whole conversation for the audit screen: thread, survey with recorded answers, tags. */
export async function loadConversation(db: Db, conversationId: number): Promise<ConversationView | null> {
  const head = await db
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
      't.email as texter_email',
      't.texter_audit_date',
    ])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!head) return null;

  const [tags, messages, survey] = await Promise.all([
    db
      .selectFrom('conversation_tags as ct')
      .innerJoin('tags', 'tags.id', 'ct.tag_id')
      .select(['tags.name', 'ct.value'])
      .where('ct.conversation_id', '=', conversationId)
      .orderBy('tags.name')
      .execute(),
    db
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
      .execute(),
    db
      .selectFrom('survey_questions as q')
      .leftJoin('survey_responses as r', (join) =>
        join.onRef('r.question_id', '=', 'q.id').on('r.conversation_id', '=', conversationId),
      )
      .select(['q.question', 'q.allowed_responses', 'r.value'])
      .where('q.campaign_id', '=', head.campaign_id)
      .orderBy('q.sort')
      .orderBy('q.id')
      .execute(),
  ]);

  return {
    conversation: {
      id: head.id,
      campaign: { id: head.campaign_id, title: head.campaign_title },
      texter:
        head.texter_id === null
          ? null
          : {
              id: head.texter_id,
              name: texterName(head.texter_first_name, head.texter_last_name),
              email: head.texter_email,
              texter_audit_date: head.texter_audit_date?.toISOString() ?? null,
            },
      contact: {
        first_name: head.contact_first_name,
        last_name: head.contact_last_name,
        cell: head.contact_cell,
        zip: head.contact_zip,
      },
      opted_out: head.opted_out,
      tags: tags.map((t) => ({ name: t.name, value: t.value })),
    },
    messages: messages.map((m) => ({
      id: m.id,
      text: m.text,
      from_contact: m.from_contact,
      sent_at: m.sent_at.toISOString(),
      texter: m.texter_id === null ? null : { id: m.texter_id, name: texterName(m.first_name, m.last_name) },
    })),
    survey: survey.map((q) => ({ question: q.question, responses: q.allowed_responses, answer: q.value })),
  };
}
