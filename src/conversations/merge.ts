import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/types.js';
import { messageKeySql } from './keys.js';

/** Rows inserted and updated per store table by one merge (unchanged rows are not counted). */
export type MergeCounts = Record<string, number>;

/**
 * Runs an upsert returning `inserted` (xmax = 0) per row, plus optional CTEs after it that read
 * `up`, and counts inserted and updated rows server-side.
 */
async function count(
  db: Kysely<Database>,
  upsert: RawBuilder<unknown>,
  after: RawBuilder<unknown> = sql``,
  before: RawBuilder<unknown> = sql``,
): Promise<[number, number]> {
  const { rows } = await sql<{ inserted: number; updated: number }>`
    with ${before} up as (${upsert}) ${after}
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
      from up`.execute(db);
  return [rows[0]?.inserted ?? 0, rows[0]?.updated ?? 0];
}

function put(counts: MergeCounts, table: string, [inserted, updated]: [number, number]): void {
  counts[`${table}_inserted`] = (counts[`${table}_inserted`] ?? 0) + inserted;
  counts[`${table}_updated`] = (counts[`${table}_updated`] ?? 0) + updated;
}

/**
 * Moves everything staged except messages into the store, in dependency order, by key: inserts
 * new rows, updates changed ones (a null staged value keeps the stored one), leaves equal ones
 * untouched. Conversations inserted or changed are recorded in `imp_touched` for
 * `refreshConversations`. Runs inside the import's transaction, after the per-source lock.
 */
export async function mergeStaged(db: Kysely<Database>, sourceId: number): Promise<MergeCounts> {
  const counts: MergeCounts = {};

  put(
    counts,
    'campaigns',
    await count(
      db,
      sql`
      insert into campaigns as t (source_id, spoke_key, organization_key, title, description, is_archived, created_at)
      select distinct on (s.spoke_key) ${sourceId}::integer, s.spoke_key, s.organization_key, coalesce(s.title, ''),
             coalesce(s.description, ''), coalesce(s.is_archived, e.is_archived, false), s.created_at
        from imp_campaigns s
        left join campaigns e on e.source_id = ${sourceId} and e.spoke_key = s.spoke_key
       order by s.spoke_key, (s.title is null), (s.organization_key is null)
      on conflict (source_id, spoke_key) do update set
        organization_key = coalesce(excluded.organization_key, t.organization_key),
        title = coalesce(nullif(excluded.title, ''), t.title),
        description = coalesce(nullif(excluded.description, ''), t.description),
        is_archived = excluded.is_archived,
        created_at = coalesce(excluded.created_at, t.created_at),
        imported_at = now()
      where (t.organization_key, t.title, t.description, t.is_archived, t.created_at) is distinct from
            (coalesce(excluded.organization_key, t.organization_key), coalesce(nullif(excluded.title, ''), t.title),
             coalesce(nullif(excluded.description, ''), t.description), excluded.is_archived,
             coalesce(excluded.created_at, t.created_at))
      returning (xmax = 0) as inserted`,
    ),
  );

  put(
    counts,
    'texters',
    await count(
      db,
      sql`
      insert into texters as t (source_id, spoke_key, first_name, last_name, email, cell)
      select distinct on (spoke_key) ${sourceId}::integer, spoke_key, coalesce(first_name, ''), coalesce(last_name, ''),
             nullif(email, ''), nullif(cell, '')
        from imp_texters
       order by spoke_key, (first_name is null), (email is null)
      on conflict (source_id, spoke_key) do update set
        first_name = coalesce(nullif(excluded.first_name, ''), t.first_name),
        last_name = coalesce(nullif(excluded.last_name, ''), t.last_name),
        email = coalesce(excluded.email, t.email),
        cell = coalesce(excluded.cell, t.cell),
        imported_at = now()
      where (t.first_name, t.last_name, t.email, t.cell) is distinct from
            (coalesce(nullif(excluded.first_name, ''), t.first_name), coalesce(nullif(excluded.last_name, ''), t.last_name),
             coalesce(excluded.email, t.email), coalesce(excluded.cell, t.cell))
      returning (xmax = 0) as inserted`,
    ),
  );

  // One contact per cell: when several staged conversations share it, the latest says the name.
  put(
    counts,
    'contacts',
    await count(
      db,
      sql`
      insert into contacts as t (source_id, cell, first_name, last_name, zip)
      select distinct on (cell) ${sourceId}::integer, cell, coalesce(first_name, ''), coalesce(last_name, ''), nullif(zip, '')
        from imp_conversations
       order by cell, updated_at desc nulls last, created_at desc nulls last
      on conflict (source_id, cell) do update set
        first_name = coalesce(nullif(excluded.first_name, ''), t.first_name),
        last_name = coalesce(nullif(excluded.last_name, ''), t.last_name),
        zip = coalesce(excluded.zip, t.zip)
      where (t.first_name, t.last_name, t.zip) is distinct from
            (coalesce(nullif(excluded.first_name, ''), t.first_name), coalesce(nullif(excluded.last_name, ''), t.last_name),
             coalesce(excluded.zip, t.zip))
      returning (xmax = 0) as inserted`,
    ),
  );

  // A new opt-out changes `opted_out` of every conversation with that cell in the organization.
  put(
    counts,
    'opt_outs',
    await count(
      db,
      sql`
        insert into opt_outs as t (source_id, organization_key, cell, reason_code, created_at)
        select distinct on (organization_key, cell) ${sourceId}::integer, organization_key, cell,
               nullif(reason_code, ''), created_at
          from imp_opt_outs
         order by organization_key, cell, created_at
        on conflict (source_id, organization_key, cell) do update set
          reason_code = coalesce(excluded.reason_code, t.reason_code),
          created_at = least(excluded.created_at, t.created_at)
        where (t.reason_code, t.created_at) is distinct from
              (coalesce(excluded.reason_code, t.reason_code), least(excluded.created_at, t.created_at))
        returning t.organization_key, t.cell, (xmax = 0) as inserted`,
      sql`, touched as (
        insert into imp_touched (id)
        select c.id from up
          join contacts p on p.source_id = ${sourceId} and p.cell = up.cell
          join conversations c on c.contact_id = p.id
          join campaigns k on k.id = c.campaign_id and coalesce(k.organization_key, '') = up.organization_key
        on conflict do nothing
      )`,
    ),
  );

  // New conversations get their counts, times and opt-out state at once, from the staged messages
  // (all of a new conversation's messages are staged); `refreshConversations` then only visits
  // conversations that existed, those whose assignee must come from their messages, and — when
  // staged messages turn out to repeat one another — the new ones (see mergeMessages).
  put(
    counts,
    'conversations',
    await count(
      db,
      sql`
        insert into conversations as t (source_id, spoke_key, campaign_id, contact_id, texter_id, external_id,
                                        message_status, is_opted_out, opted_out, custom_fields, created_at, updated_at,
                                        message_count, contact_replied, first_message_at, last_message_at)
        select ${sourceId}::integer, spoke_key, campaign_id, contact_id, texter_id, nullif(external_id, ''),
               nullif(message_status, ''), is_opted_out, opted_out, coalesce(custom_fields, '{}'), created_at, updated_at,
               coalesce(message_count, 0), coalesce(contact_replied, false), first_message_at, last_message_at
          from staged
        on conflict (source_id, spoke_key) do update set
          campaign_id = excluded.campaign_id,
          contact_id = excluded.contact_id,
          texter_id = coalesce(excluded.texter_id, t.texter_id),
          external_id = coalesce(excluded.external_id, t.external_id),
          message_status = coalesce(excluded.message_status, t.message_status),
          is_opted_out = excluded.is_opted_out,
          custom_fields = case when excluded.custom_fields = '{}' then t.custom_fields else excluded.custom_fields end,
          created_at = coalesce(excluded.created_at, t.created_at),
          updated_at = coalesce(excluded.updated_at, t.updated_at),
          imported_at = now()
        where (t.campaign_id, t.contact_id, t.texter_id, t.external_id, t.message_status, t.is_opted_out,
               t.custom_fields, t.created_at, t.updated_at) is distinct from
              (excluded.campaign_id, excluded.contact_id, coalesce(excluded.texter_id, t.texter_id),
               coalesce(excluded.external_id, t.external_id), coalesce(excluded.message_status, t.message_status),
               excluded.is_opted_out,
               case when excluded.custom_fields = '{}' then t.custom_fields else excluded.custom_fields end,
               coalesce(excluded.created_at, t.created_at), coalesce(excluded.updated_at, t.updated_at))
        returning t.id, (xmax = 0) as inserted, t.texter_id is null and t.message_count > 0 as needs_texter`,
      sql`, fresh as (insert into imp_new (id) select id from up where inserted)
          , touched as (insert into imp_touched (id) select id from up where not inserted or needs_texter
                        on conflict do nothing)`,
      sql`stats as (
        select conversation_key, count(*)::integer as message_count, bool_or(from_contact) as contact_replied,
               min(sent_at) as first_message_at, max(sent_at) as last_message_at
          from imp_messages group by conversation_key
      ),
      staged as (
        select distinct on (s.spoke_key) s.spoke_key, s.external_id, s.message_status, s.custom_fields,
               s.created_at, s.updated_at, k.id as campaign_id, p.id as contact_id, x.id as texter_id,
               coalesce(s.is_opted_out, e.is_opted_out, false) as is_opted_out,
               coalesce(s.is_opted_out, e.is_opted_out, false) or exists (
                 select 1 from opt_outs o
                  where o.source_id = ${sourceId} and o.organization_key = coalesce(k.organization_key, '') and o.cell = s.cell
               ) as opted_out,
               st.message_count, st.contact_replied, st.first_message_at, st.last_message_at
          from imp_conversations s
          join campaigns k on k.source_id = ${sourceId} and k.spoke_key = s.campaign_key
          join contacts p on p.source_id = ${sourceId} and p.cell = s.cell
          left join texters x on x.source_id = ${sourceId} and x.spoke_key = s.texter_key
          left join conversations e on e.source_id = ${sourceId} and e.spoke_key = s.spoke_key
          left join stats st on st.conversation_key = s.spoke_key
         order by s.spoke_key, s.updated_at desc nulls last
      ),`,
    ),
  );

  put(
    counts,
    'tags',
    await count(
      db,
      sql`
      insert into tags as t (source_id, spoke_key, name)
      select distinct on (spoke_key) ${sourceId}::integer, spoke_key, name from imp_tags order by spoke_key
      on conflict (source_id, spoke_key) do update set name = excluded.name
      where t.name is distinct from excluded.name
      returning (xmax = 0) as inserted`,
    ),
  );

  // Tag links a contacts file no longer lists were removed in Spoke.
  const untagged = await sql`
    delete from conversation_tags ct
     using conversations c, imp_conversations s
     where s.replace_tags and c.source_id = ${sourceId} and c.spoke_key = s.spoke_key and ct.conversation_id = c.id
       and not exists (
         select 1 from imp_conversation_tags st join tags g on g.source_id = ${sourceId} and g.spoke_key = st.tag_key
          where st.conversation_key = s.spoke_key and g.id = ct.tag_id)`.execute(db);
  counts.conversation_tags_deleted = Number(untagged.numAffectedRows ?? 0);

  put(
    counts,
    'conversation_tags',
    await count(
      db,
      sql`
      insert into conversation_tags as t (conversation_id, tag_id, value)
      select distinct on (c.id, g.id) c.id, g.id, nullif(s.value, '')
        from imp_conversation_tags s
        join conversations c on c.source_id = ${sourceId} and c.spoke_key = s.conversation_key
        join tags g on g.source_id = ${sourceId} and g.spoke_key = s.tag_key
       order by c.id, g.id, s.value
      on conflict (conversation_id, tag_id) do update set value = excluded.value
      where t.value is distinct from excluded.value
      returning (xmax = 0) as inserted`,
    ),
  );

  put(
    counts,
    'survey_questions',
    await count(
      db,
      sql`
      insert into survey_questions as t (campaign_id, spoke_key, question, allowed_responses, sort)
      select distinct on (k.id, s.spoke_key) k.id, s.spoke_key, s.question, coalesce(s.allowed_responses, '{}'),
             coalesce(s.sort, 0)
        from imp_survey_questions s
        join campaigns k on k.source_id = ${sourceId} and k.spoke_key = s.campaign_key
       order by k.id, s.spoke_key, (s.allowed_responses is null)
      on conflict (campaign_id, spoke_key) do update set
        question = excluded.question,
        allowed_responses = case when excluded.allowed_responses = '{}' then t.allowed_responses
                                 else excluded.allowed_responses end,
        sort = excluded.sort
      where (t.question, t.allowed_responses, t.sort) is distinct from
            (excluded.question, case when excluded.allowed_responses = '{}' then t.allowed_responses
                                     else excluded.allowed_responses end, excluded.sort)
      returning (xmax = 0) as inserted`,
    ),
  );

  const unanswered = await sql`
    delete from survey_responses r
     using conversations c, imp_conversations s
     where s.replace_responses and c.source_id = ${sourceId} and c.spoke_key = s.spoke_key and r.conversation_id = c.id
       and not exists (
         select 1 from imp_survey_responses sr join survey_questions q on q.spoke_key = sr.question_key
          where sr.conversation_key = s.spoke_key and q.campaign_id = c.campaign_id and q.id = r.question_id)`.execute(
    db,
  );
  counts.survey_responses_deleted = Number(unanswered.numAffectedRows ?? 0);

  put(
    counts,
    'survey_responses',
    await count(
      db,
      sql`
      insert into survey_responses as t (conversation_id, question_id, value)
      select distinct on (c.id, q.id) c.id, q.id, s.value
        from imp_survey_responses s
        join conversations c on c.source_id = ${sourceId} and c.spoke_key = s.conversation_key
        join survey_questions q on q.campaign_id = c.campaign_id and q.spoke_key = s.question_key
       order by c.id, q.id
      on conflict (conversation_id, question_id) do update set value = excluded.value
      where t.value is distinct from excluded.value
      returning (xmax = 0) as inserted`,
    ),
  );

  // Rows added in this very transaction are invisible to the planner's statistics until analysed:
  // the message merge would otherwise join them as if the tables were nearly empty.
  const added = ['campaigns', 'texters', 'contacts', 'conversations'].reduce(
    (sum, table) => sum + (counts[`${table}_inserted`] ?? 0),
    0,
  );
  if (added > 1000) await sql`analyze campaigns, texters, contacts, conversations`.execute(db);

  return counts;
}

/**
 * Moves staged messages into the store: resolves each to its conversation by key (messages
 * whose conversation is neither stored nor staged are counted as `messages_orphaned` and
 * skipped), derives the key of those without a Spoke id (keys.ts), updates changed ones and
 * inserts new ones. Existing conversations gaining or changing messages go to `imp_touched`; new
 * ones already have their counts (mergeStaged), unless staged messages repeated one another.
 */
export async function mergeMessages(db: Kysely<Database>, sourceId: number): Promise<MergeCounts> {
  const key = messageKeySql(
    sql.ref('m.conversation_key'),
    sql.ref('m.from_contact'),
    sql.ref('m.sent_at'),
    sql.ref('m.text'),
  );
  await sql`
    create temporary table imp_messages_resolved on commit drop as
    select c.id as conversation_id, coalesce(m.spoke_key, ${key}) as spoke_key, m.from_contact, x.id as texter_id,
           m.text, nullif(m.send_status, '') as send_status, m.sent_at, m.time_known,
           exists (select 1 from imp_new n where n.id = c.id) as fresh
      from imp_messages m
      join conversations c on c.source_id = ${sourceId} and c.spoke_key = m.conversation_key
      left join texters x on x.source_id = ${sourceId} and x.spoke_key = m.texter_key`.execute(db);
  const staged = await sql<{ staged: number; resolved: number; fresh: number; old: number }>`
    select (select count(*) from imp_messages)::int as staged,
           count(*)::int as resolved,
           count(*) filter (where fresh)::int as fresh,
           count(*) filter (where not fresh)::int as old
      from imp_messages_resolved`.execute(db);
  const { staged: total = 0, resolved = 0, fresh = 0, old = 0 } = staged.rows[0] ?? {};
  await sql`analyze imp_messages_resolved`.execute(db);

  // Messages with a hashed key can only change status or sender; Spoke ids can change anything.
  // Only messages of conversations that existed can be stored already.
  const updated =
    old === 0
      ? 0
      : ((
          await sql<{ n: number }>`
    with up as (
      update messages t set
        from_contact = r.from_contact,
        texter_id = coalesce(r.texter_id, t.texter_id),
        text = r.text,
        send_status = coalesce(r.send_status, t.send_status),
        sent_at = case when r.time_known then r.sent_at else t.sent_at end
        from imp_messages_resolved r
       where not r.fresh and t.conversation_id = r.conversation_id and t.spoke_key = r.spoke_key
         and (t.from_contact, t.texter_id, t.text, t.send_status, t.sent_at) is distinct from
             (r.from_contact, coalesce(r.texter_id, t.texter_id), r.text, coalesce(r.send_status, t.send_status),
              case when r.time_known then r.sent_at else t.sent_at end)
      returning t.conversation_id
    ),
    touched as (insert into imp_touched (id) select distinct conversation_id from up on conflict do nothing)
    select count(*)::int as n from up`.execute(db)
        ).rows[0]?.n ?? 0);

  const insert = (where: RawBuilder<unknown>, after: RawBuilder<unknown>) => sql<{ n: number }>`
    with ins as (
      insert into messages (conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at)
      select conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at
        from imp_messages_resolved where ${where}
      on conflict (conversation_id, spoke_key) do nothing
      returning conversation_id
    ) ${after}
    select count(*)::int as n from ins`;
  const insertedFresh = fresh === 0 ? 0 : ((await insert(sql`fresh`, sql``).execute(db)).rows[0]?.n ?? 0);
  const insertedOld =
    old === 0
      ? 0
      : ((
          await insert(
            sql`not fresh`,
            sql`, touched as (insert into imp_touched (id) select distinct conversation_id from ins on conflict do nothing)`,
          ).execute(db)
        ).rows[0]?.n ?? 0);
  // Fewer inserted than staged for new conversations: some staged messages were one message
  // twice, so the counts given when they were created are too high; refresh them all.
  if (insertedFresh < fresh) {
    await sql`insert into imp_touched (id) select id from imp_new on conflict do nothing`.execute(db);
  }
  const insertedCount = insertedFresh + insertedOld;

  return {
    messages_inserted: insertedCount,
    messages_updated: updated,
    messages_orphaned: total - resolved,
  };
}
