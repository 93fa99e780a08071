import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';

/** Row counts of every conversation-store table (all sources). */
export async function storeCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*) from campaigns)::int as campaigns,
           (select count(*) from texters)::int as texters,
           (select count(*) from contacts)::int as contacts,
           (select count(*) from conversations)::int as conversations,
           (select count(*) from messages)::int as messages,
           (select count(*) from tags)::int as tags,
           (select count(*) from conversation_tags)::int as conversation_tags,
           (select count(*) from survey_questions)::int as survey_questions,
           (select count(*) from survey_responses)::int as survey_responses,
           (select count(*) from opt_outs)::int as opt_outs`.execute(db);
  return rows[0] ?? {};
}

export interface ConversationSummary {
  key: string;
  campaign: string;
  cell: string;
  name: string;
  texter: string | null;
  message_count: number;
  contact_replied: boolean;
  first_message_at: string | null;
  last_message_at: string | null;
  opted_out: boolean;
  is_opted_out: boolean;
  tags: string[];
  responses: string[];
}

/** Every conversation of a source, by key, with what an auditor sees of it. */
export async function conversationsByKey(
  db: Db,
  source = 'spoke',
): Promise<Record<string, ConversationSummary>> {
  const { rows } = await sql<ConversationSummary>`
    select c.spoke_key as key, k.title as campaign, p.cell, trim(p.first_name || ' ' || p.last_name) as name,
           nullif(trim(t.first_name || ' ' || t.last_name), '') as texter, c.message_count, c.contact_replied,
           to_char(c.first_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as first_message_at,
           to_char(c.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_message_at,
           c.opted_out, c.is_opted_out,
           coalesce((select array_agg(g.name || coalesce('=' || ct.value, '') order by g.name)
                       from conversation_tags ct join tags g on g.id = ct.tag_id where ct.conversation_id = c.id), '{}') as tags,
           coalesce((select array_agg(q.question || '=' || r.value order by q.sort, q.question)
                       from survey_responses r join survey_questions q on q.id = r.question_id
                      where r.conversation_id = c.id), '{}') as responses
      from conversations c
      join sources s on s.id = c.source_id
      join campaigns k on k.id = c.campaign_id
      join contacts p on p.id = c.contact_id
      left join texters t on t.id = c.texter_id
     where s.name = ${source}`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.key, row]));
}

/** The thread of one conversation: `>` outbound (with the sender's name, else cell), `<` inbound. */
export async function thread(db: Db, key: string, source = 'spoke'): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select case when m.from_contact then '< ' else '> ' end
           || coalesce('[' || coalesce(nullif(t.first_name, ''), t.cell) || '] ', '') || m.text as line
      from messages m
      join conversations c on c.id = m.conversation_id
      join sources s on s.id = c.source_id
      left join texters t on t.id = m.texter_id
     where s.name = ${source} and c.spoke_key = ${key}
     order by m.sent_at, m.id`.execute(db);
  return rows.map((row) => row.line);
}
