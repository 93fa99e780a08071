import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../../db/rows.js';
import type { FileFields } from './fields.js';

/**
 * Fills the store's staging tables (src/conversations/staging.ts) from one validated raw file,
 * set-based. Values are already known to parse; keys follow src/conversations/keys.ts.
 */

const from = (fields: FileFields) => sql.raw(`${fields.raw.table} r`);

export async function stageCampaigns(db: Kysely<Database>, fields: FileFields): Promise<void> {
  await sql`
    insert into imp_campaigns (spoke_key, title)
    select ${fields.campaignKey()}, max(${fields.text('campaignTitle')})
      from ${from(fields)}
     group by 1`.execute(db);
}

/** Texters named by a file: the assignee on contact rows, the sender on outbound message rows. */
export async function stageTexters(db: Kysely<Database>, fields: FileFields): Promise<void> {
  if (fields.layout.texterIs === null) return;
  const outboundOnly =
    fields.layout.role === 'messages' ? sql`and not ${fields.boolean('fromContact')}` : sql``;
  // The latest row naming each texter says their name: per distinct spelling its latest row
  // (a hash aggregate over few groups), then per texter the latest spelling.
  await sql`
    insert into imp_texters (spoke_key, first_name, last_name, email, cell)
    select distinct on (key) key, first_name, last_name, email, cell
      from (select key, first_name, last_name, email, cell, max(rec) as rec
              from (select ${fields.texterKey()} as key, ${fields.text('texterFirst')} as first_name,
                           ${fields.text('texterLast')} as last_name, ${fields.text('texterEmail')} as email,
                           ${fields.phone('texterCell')} as cell, r.rec
                      from ${from(fields)} where true ${outboundOnly}) t
             where key is not null
             group by 1, 2, 3, 4, 5) g
     order by key, rec desc`.execute(db);
}

/** The contact's other columns as a JSON object (empty values left out), 50 pairs per call. */
function customFields(fields: FileFields): RawBuilder<unknown> {
  const custom = fields.layout.custom;
  if (custom.length === 0) return sql`'{}'::jsonb`;
  const parts: RawBuilder<unknown>[] = [];
  for (let i = 0; i < custom.length; i += 50) {
    const pairs = custom
      .slice(i, i + 50)
      .map(({ header, field }) => sql`${field}::text, nullif(${fields.column(header)}, '')`);
    parts.push(sql`jsonb_build_object(${sql.join(pairs)})`);
  }
  return sql`jsonb_strip_nulls(${sql.join(parts, sql` || `)})`;
}

/** One conversation per row of a contacts file. */
export async function stageContactRows(
  db: Kysely<Database>,
  fields: FileFields,
  fileNo: number,
): Promise<void> {
  await sql`
    insert into imp_conversations (spoke_key, campaign_key, cell, first_name, last_name, zip, texter_key, external_id,
                                   message_status, is_opted_out, custom_fields, created_at, updated_at,
                                   replace_tags, replace_responses, ref_file, ref_rec)
    select ${fields.conversationKey()}, ${fields.campaignKey()}, ${fields.phone('cell')},
           ${fields.text('firstName')}, ${fields.text('lastName')}, ${fields.text('zip')}, ${fields.texterKey()},
           ${fields.text('externalId')}, ${fields.text('messageStatus')}, ${fields.optedOut()}, ${customFields(fields)},
           ${fields.date('createdAt')}, ${fields.date('updatedAt')},
           ${fields.has('tags')}, ${fields.layout.questions.length > 0}, ${fileNo}::integer, r.rec
      from ${from(fields)}`.execute(db);
}

/**
 * One conversation per (campaign, cell) of a convo file, whose rows repeat the conversation's
 * fields: opted out when any row says so; the texter of the latest row naming one.
 */
export async function stageConvoConversations(
  db: Kysely<Database>,
  fields: FileFields,
  fileNo: number,
): Promise<void> {
  await sql`
    insert into imp_conversations (spoke_key, campaign_key, cell, texter_key, is_opted_out, replace_tags,
                                   replace_responses, ref_file, ref_rec)
    select key, min(campaign), min(cell), (array_agg(texter order by rec desc) filter (where texter is not null))[1],
           bool_or(opted_out), ${fields.has('tags')}, ${fields.layout.questions.length > 0}, ${fileNo}::integer, min(rec)
      from (select ${fields.conversationKey()} as key, ${fields.campaignKey()} as campaign, ${fields.phone('cell')} as cell,
                   ${fields.texterKey()} as texter, ${fields.optedOut()} as opted_out, r.rec
              from ${from(fields)}) x
     group by key`.execute(db);
}

/** Tags are listed by name, comma-separated (Spoke writes arrays as `a,b` or `{a,b}`). */
export async function stageTags(db: Kysely<Database>, fields: FileFields): Promise<void> {
  if (!fields.has('tags')) return;
  await sql`
    create temporary table if not exists imp_csv_tags (conversation_key text, name text) on commit drop`.execute(
    db,
  );
  await sql`truncate imp_csv_tags`.execute(db);
  await sql`
    insert into imp_csv_tags (conversation_key, name)
    select distinct x.key, btrim(btrim(u.name), '"')
      from (select ${fields.conversationKey()} as key, btrim(${fields.text('tags')}, '{}') as tags
              from ${from(fields)}) x
     cross join lateral unnest(string_to_array(x.tags, ',')) as u(name)
     where x.tags is not null and btrim(btrim(u.name), '"') <> ''`.execute(db);
  await sql`insert into imp_tags (spoke_key, name) select distinct 'n:' || name, name from imp_csv_tags`.execute(
    db,
  );
  await sql`
    insert into imp_conversation_tags (conversation_key, tag_key, value)
    select conversation_key, 'n:' || name, null from imp_csv_tags`.execute(db);
}

/** `question[<text>]` columns: the campaign's questions (in column order) and the answers given. */
export async function stageSurvey(db: Kysely<Database>, fields: FileFields): Promise<void> {
  const questions = fields.layout.questions;
  if (questions.length === 0) return;
  await sql`
    insert into imp_survey_questions (campaign_key, spoke_key, question, allowed_responses, sort)
    select k.campaign, 'q:' || q.question, q.question, null, q.sort
      from (select distinct ${fields.campaignKey()} as campaign from ${from(fields)}) k
     cross join unnest(${questions.map((q) => q.question)}::text[], ${questions.map((_, i) => i + 1)}::integer[]) as q(question, sort)`.execute(
    db,
  );
  const answers = questions.map((q) => sql`(${q.question}::text, ${fields.column(q.header)})`);
  await sql`
    insert into imp_survey_responses (conversation_key, question_key, value)
    select distinct ${fields.conversationKey()}, 'q:' || a.question, btrim(a.value)
      from ${from(fields)}
     cross join lateral (values ${sql.join(answers)}) as a(question, value)
     where nullif(btrim(a.value), '') is not null`.execute(db);
}

/**
 * Message rows. Files without a time column (some convo files) keep their order: such a
 * message's time is the import's start plus its row number in microseconds, set once and never
 * updated, and its key uses its position in the conversation instead of the time (the import's
 * result says which files were dated this way: CsvFileReport.recency).
 */
export async function stageMessages(
  db: Kysely<Database>,
  fields: FileFields,
  fileNo: number,
  importStart: Date,
): Promise<void> {
  const names = fields.layout.texterIs === 'sender' || fields.layout.texterIs === 'both';
  // Outbound rows name their sender in some layouts; the others say nothing (null).
  const sender = names
    ? sql`case when not ${fields.boolean('fromContact')} then ${fields.texterKey()} end`
    : sql`null::text`;
  if (fields.has('sentAt') && fields.layout.role === 'convo') {
    // The thread is ordered by time: messages of a conversation given the same time (a `date`
    // column) are a microsecond apart, in file order.
    await sql`
      insert into imp_messages (conversation_key, from_contact, texter_key, text, send_status, sent_at, ref_file, ref_rec)
      select key, from_contact, texter, text, null,
             sent_at + (row_number() over (partition by key, sent_at order by rec) - 1) * interval '1 microsecond',
             ${fileNo}::integer, rec
        from (select ${fields.conversationKey()} as key, ${fields.boolean('fromContact')} as from_contact,
                     ${sender} as texter, ${fields.verbatim('text')} as text, ${fields.date('sentAt')} as sent_at, r.rec
                from ${from(fields)}) x`.execute(db);
    return;
  }
  if (fields.has('sentAt')) {
    await sql`
      insert into imp_messages (conversation_key, from_contact, texter_key, text, send_status, sent_at, ref_file, ref_rec)
      select ${fields.conversationKey()}, ${fields.boolean('fromContact')},
             ${sender},
             ${fields.verbatim('text')}, ${fields.text('sendStatus')}, ${fields.date('sentAt')}, ${fileNo}::integer, r.rec
        from ${from(fields)}`.execute(db);
    return;
  }
  await sql`
    insert into imp_messages (conversation_key, spoke_key, from_contact, texter_key, text, send_status, sent_at,
                              time_known, ref_file, ref_rec)
    select key, 'o:' || left(encode(decode(md5(key || chr(31) || (row_number() over (partition by key order by rec))::text
                           || chr(31) || case when from_contact then 'in' else 'out' end || chr(31) || text), 'hex'), 'base64'), 22),
           from_contact, texter, text, null, ${importStart}::timestamptz + rec * interval '1 microsecond', false,
           ${fileNo}::integer, rec
      from (select ${fields.conversationKey()} as key, ${fields.boolean('fromContact')} as from_contact,
                   ${sender} as texter,
                   ${fields.verbatim('text')} as text, r.rec
              from ${from(fields)}) x`.execute(db);
}
