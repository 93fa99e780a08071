import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/rows.js';
import { PhaseClock } from './clock.js';
import { messageKeySql } from './keys.js';

/** Rows inserted and updated per store table by one merge (unchanged rows are not counted). */
export type MergeCounts = Record<string, number>;

export interface MergeOptions {
  /** Collects the time of each step. */
  clock?: PhaseClock;
  /** Merge campaigns, texters, tags and survey questions (default); false when mergeNamed did. */
  named?: boolean;
  /** The importer filled `imp_contacts` itself (else it is derived from `imp_conversations`). */
  contactsStaged?: boolean;
  /** No conversation key is staged twice in `imp_conversations` (spares a sort). */
  uniqueConversations?: boolean;
  /** Analyse the store tables after adding many rows (default), for the statements that follow. */
  analyze?: boolean;
}

/**
 * Runs an upsert returning `inserted` (xmax = 0) per row, plus optional CTEs after it that read
 * `up`, and adds the inserted and updated rows (counted server-side) to `counts` under `table`.
 */
async function upsertCounted(
  db: Kysely<Database>,
  counts: MergeCounts,
  table: string,
  upsert: RawBuilder<unknown>,
  after: RawBuilder<unknown> = sql``,
): Promise<void> {
  const { rows } = await sql<{ inserted: number; updated: number }>`
    with up as (${upsert}) ${after}
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
      from up`.execute(db);
  put(counts, table, [rows[0]?.inserted ?? 0, rows[0]?.updated ?? 0]);
}

async function one(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`${query}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function exists(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (${query}) as any`.execute(db);
  return rows[0]?.any ?? false;
}

function put(counts: MergeCounts, table: string, [inserted, updated]: [number, number]): void {
  counts[`${table}_inserted`] = (counts[`${table}_inserted`] ?? 0) + inserted;
  counts[`${table}_updated`] = (counts[`${table}_updated`] ?? 0) + updated;
}

/**
 * Campaigns, texters, tags and survey questions staged (few rows, named by the others): inserted
 * or updated where they changed. Part of mergeStaged; importers that need their ids before the
 * rest (the streamed CSV import) run it first.
 */
export async function mergeNamed(
  db: Kysely<Database>,
  sourceId: number,
  clock: PhaseClock = new PhaseClock(),
): Promise<MergeCounts> {
  const counts: MergeCounts = {};
  await clock.time('merge campaigns, texters, tags, questions', async () => {
    await upsertCounted(
      db,
      counts,
      'campaigns',
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
    );

    await upsertCounted(
      db,
      counts,
      'texters',
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
    );
    await upsertCounted(
      db,
      counts,
      'tags',
      sql`
        insert into tags as t (source_id, spoke_key, name)
        select distinct on (spoke_key) ${sourceId}::integer, spoke_key, name from imp_tags order by spoke_key
        on conflict (source_id, spoke_key) do update set name = excluded.name
        where t.name is distinct from excluded.name
        returning (xmax = 0) as inserted`,
    );

    await upsertCounted(
      db,
      counts,
      'survey_questions',
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
    );
  });
  return counts;
}

/** What every step of one `mergeStaged` shares: the counts add up across steps. */
interface MergeRun {
  db: Kysely<Database>;
  sourceId: number;
  clock: PhaseClock;
  counts: MergeCounts;
}

/**
 * Moves everything staged except messages into the store, in dependency order, by key: inserts
 * new rows, updates changed ones (a null staged value keeps the stored one), leaves equal ones
 * untouched. Conversations changed, and new ones whose assignee must come from their messages,
 * are recorded in `imp_touched` for `refreshConversations`. Runs inside the import's transaction,
 * after the per-source lock (so no other import adds rows of this source meanwhile: new rows are
 * plain inserts, without the cost of ON CONFLICT's speculative insertion).
 */
export async function mergeStaged(
  db: Kysely<Database>,
  sourceId: number,
  options: MergeOptions = {},
): Promise<MergeCounts> {
  const run: MergeRun = { db, sourceId, clock: options.clock ?? new PhaseClock(), counts: {} };
  if (options.named !== false) Object.assign(run.counts, await mergeNamed(db, sourceId, run.clock));
  for (const table of ['campaigns', 'texters', 'tags', 'survey_questions']) put(run.counts, table, [0, 0]);

  await mergeContacts(run, options.contactsStaged ?? false);
  await mergeOptOuts(run);
  const conversations = stagedConversations(options.uniqueConversations ?? false);
  await reserveConversationIds(run);
  const hasStored = await updateConversations(run, conversations);
  await insertConversations(run, conversations);
  await mergeLinks(run, TAG_LINKS, hasStored);
  await mergeLinks(run, SURVEY_LINKS, hasStored);
  if (options.analyze !== false) await analyzeStore(run);
  return run.counts;
}

// One contact per cell: when several staged conversations share it, the latest says the name.
async function mergeContacts(run: MergeRun, contactsStaged: boolean): Promise<void> {
  const { db, sourceId } = run;
  await run.clock.time('merge contacts', async () => {
    if (!contactsStaged) {
      await sql`
        insert into imp_contacts (cell, first_name, last_name, zip)
        select distinct on (cell) cell, first_name, last_name, zip
          from imp_conversations
         order by cell, updated_at desc nulls last, created_at desc nulls last`.execute(db);
    }
    const stored = await exists(db, sql`select 1 from contacts where source_id = ${sourceId}`);
    put(run.counts, 'contacts', stored ? await upsertContacts(run) : [await insertContacts(run), 0]);
  });
}

const STAGED_CONTACTS = sql`select cell, coalesce(first_name, '') as first_name, coalesce(last_name, '') as last_name,
                                   nullif(zip, '') as zip
                              from imp_contacts`;

/** The source has no contacts yet: every staged one is new. */
function insertContacts({ db, sourceId }: MergeRun): Promise<number> {
  return one(
    db,
    sql`with ins as (
      insert into contacts (source_id, cell, first_name, last_name, zip)
      select ${sourceId}::integer, cell, first_name, last_name, zip from (${STAGED_CONTACTS}) s order by cell
      returning 1
    ) select count(*)::int as n from ins`,
  );
}

async function upsertContacts({ db, sourceId }: MergeRun): Promise<[number, number]> {
  const { rows } = await sql<{ inserted: number; updated: number }>`
    with staged as materialized (${STAGED_CONTACTS}),
    up as (
      update contacts t set
        first_name = coalesce(nullif(s.first_name, ''), t.first_name),
        last_name = coalesce(nullif(s.last_name, ''), t.last_name),
        zip = coalesce(s.zip, t.zip)
        from staged s
       where t.source_id = ${sourceId} and t.cell = s.cell
         and (t.first_name, t.last_name, t.zip) is distinct from
             (coalesce(nullif(s.first_name, ''), t.first_name), coalesce(nullif(s.last_name, ''), t.last_name),
              coalesce(s.zip, t.zip))
      returning 1
    ),
    ins as (
      insert into contacts (source_id, cell, first_name, last_name, zip)
      select ${sourceId}::integer, s.cell, s.first_name, s.last_name, s.zip from staged s
       where not exists (select 1 from contacts t where t.source_id = ${sourceId} and t.cell = s.cell)
       order by s.cell
      returning 1
    )
    select (select count(*) from ins)::int as inserted, (select count(*) from up)::int as updated`.execute(
    db,
  );
  return [rows[0]?.inserted ?? 0, rows[0]?.updated ?? 0];
}

// A new opt-out changes `opted_out` of every conversation with that cell in the organization.
async function mergeOptOuts({ db, sourceId, clock, counts }: MergeRun): Promise<void> {
  await clock.time('merge opt-outs', async () => {
    await upsertCounted(
      db,
      counts,
      'opt_outs',
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
    );
  });
}

/** Staged conversations, one per key (the latest row when a key is staged twice). */
function stagedConversations(unique: boolean): RawBuilder<unknown> {
  return unique
    ? sql`imp_conversations`
    : sql`(select distinct on (spoke_key) * from imp_conversations order by spoke_key, updated_at desc nulls last)`;
}

// New conversations: their ids (in file order) and, from the staged messages (all of a new
// conversation's messages are staged), their counts and times.
async function reserveConversationIds({ db, sourceId, clock }: MergeRun): Promise<void> {
  await clock.time('reserve conversation ids', async () => {
    // The sequence looked up once (a materialized CTE), not per row.
    await sql`
        with q as materialized (select pg_get_serial_sequence('conversations', 'id')::regclass as seq)
        insert into imp_fresh (spoke_key, id, message_count, contact_replied, first_message_at, last_message_at)
        select n.spoke_key, n.id, coalesce(st.message_count, 0), coalesce(st.contact_replied, false),
               st.first_message_at, st.last_message_at
          from (select s.spoke_key, nextval(q.seq) as id
                  from (select spoke_key, min(ref_file) as ref_file, min(ref_rec) as ref_rec
                          from imp_conversations s
                         where not exists (select 1 from conversations c
                                            where c.source_id = ${sourceId} and c.spoke_key = s.spoke_key)
                         group by spoke_key
                         order by 2, 3, 1) s, q) n
          left join (select conversation_key, count(*)::integer as message_count, bool_or(from_contact) as contact_replied,
                            min(sent_at) as first_message_at, max(sent_at) as last_message_at
                       from imp_messages group by conversation_key) st on st.conversation_key = n.spoke_key`.execute(
      db,
    );
    await sql`analyze imp_fresh`.execute(db);
  });
}

/**
 * Staged conversations that are stored already: updated where they changed. Returns whether any
 * staged conversation was stored (only then can stored links need deleting).
 */
async function updateConversations(run: MergeRun, conversations: RawBuilder<unknown>): Promise<boolean> {
  const { db, sourceId } = run;
  const hasStored = await exists(
    db,
    sql`select 1 from imp_conversations s where not exists (select 1 from imp_fresh f where f.spoke_key = s.spoke_key)`,
  );
  if (!hasStored) {
    put(run.counts, 'conversations', [0, 0]);
    return false;
  }
  const updated = await run.clock.time('update conversations', () =>
    one(
      db,
      sql`
      with staged as (
        select s.spoke_key, nullif(s.external_id, '') as external_id, nullif(s.message_status, '') as message_status,
               coalesce(s.custom_fields, '{}') as custom_fields, s.is_opted_out, s.created_at, s.updated_at,
               k.id as campaign_id, p.id as contact_id, x.id as texter_id
          from ${conversations} s
          join campaigns k on k.source_id = ${sourceId} and k.spoke_key = s.campaign_key
          join contacts p on p.source_id = ${sourceId} and p.cell = s.cell
          left join texters x on x.source_id = ${sourceId} and x.spoke_key = s.texter_key
         where not exists (select 1 from imp_fresh f where f.spoke_key = s.spoke_key)
      ),
      up as (
        update conversations t set
          campaign_id = s.campaign_id,
          contact_id = s.contact_id,
          texter_id = coalesce(s.texter_id, t.texter_id),
          external_id = coalesce(s.external_id, t.external_id),
          message_status = coalesce(s.message_status, t.message_status),
          is_opted_out = coalesce(s.is_opted_out, t.is_opted_out),
          custom_fields = case when s.custom_fields = '{}' then t.custom_fields else s.custom_fields end,
          created_at = coalesce(s.created_at, t.created_at),
          updated_at = coalesce(s.updated_at, t.updated_at),
          imported_at = now()
          from staged s
         where t.source_id = ${sourceId} and t.spoke_key = s.spoke_key
           and (t.campaign_id, t.contact_id, t.texter_id, t.external_id, t.message_status, t.is_opted_out,
                t.custom_fields, t.created_at, t.updated_at) is distinct from
               (s.campaign_id, s.contact_id, coalesce(s.texter_id, t.texter_id), coalesce(s.external_id, t.external_id),
                coalesce(s.message_status, t.message_status), coalesce(s.is_opted_out, t.is_opted_out),
                case when s.custom_fields = '{}' then t.custom_fields else s.custom_fields end,
                coalesce(s.created_at, t.created_at), coalesce(s.updated_at, t.updated_at))
        returning t.id
      ),
      touched as (insert into imp_touched (id) select id from up on conflict do nothing)
      select count(*)::int as n from up`,
    ),
  );
  put(run.counts, 'conversations', [0, updated]);
  return true;
}

// New conversations get their counts, times and opt-out state at once; `refreshConversations`
// then only visits those whose assignee must come from their messages (and, when staged
// messages turn out to repeat one another, all new ones: see mergeMessages).
async function insertConversations(run: MergeRun, conversations: RawBuilder<unknown>): Promise<void> {
  const { db, sourceId } = run;
  const inserted = await run.clock.time('insert conversations', () =>
    one(
      db,
      sql`
      with up as (
        insert into conversations (id, source_id, spoke_key, campaign_id, contact_id, texter_id, external_id,
                                   message_status, is_opted_out, opted_out, custom_fields, created_at, updated_at,
                                   message_count, contact_replied, first_message_at, last_message_at)
        overriding system value
        select f.id, ${sourceId}::integer, s.spoke_key, k.id, p.id, x.id, nullif(s.external_id, ''),
               nullif(s.message_status, ''), coalesce(s.is_opted_out, false),
               coalesce(s.is_opted_out, false) or o.cell is not null, coalesce(s.custom_fields, '{}'),
               s.created_at, s.updated_at, f.message_count, f.contact_replied, f.first_message_at, f.last_message_at
          from imp_fresh f
          join ${conversations} s on s.spoke_key = f.spoke_key
          join campaigns k on k.source_id = ${sourceId} and k.spoke_key = s.campaign_key
          join contacts p on p.source_id = ${sourceId} and p.cell = s.cell
          left join texters x on x.source_id = ${sourceId} and x.spoke_key = s.texter_key
          left join opt_outs o on o.source_id = ${sourceId} and o.organization_key = coalesce(k.organization_key, '')
                              and o.cell = s.cell
         order by f.id
        returning id, texter_id is null and message_count > 0 as needs_texter
      ),
      touched as (insert into imp_touched (id) select id from up where needs_texter on conflict do nothing)
      select count(*)::int as n from up`,
    ),
  );
  put(run.counts, 'conversations', [inserted, 0]);
}

/**
 * A link from a conversation to a named row of its source, with a value: a tag (to `tags`) or a
 * survey answer (to the question of the conversation's campaign in `survey_questions`).
 */
interface LinkKind {
  phase: string;
  table: 'conversation_tags' | 'survey_responses';
  staged: 'imp_conversation_tags' | 'imp_survey_responses';
  /** The staged conversation's flag: its links are the complete list (delete the others). */
  replaceFlag: 'replace_tags' | 'replace_responses';
  /** The link's column naming the row it points to. */
  targetId: 'tag_id' | 'question_id';
  /** Joins staged link `sl` of conversation `c` to the row `n` it names. */
  joinTarget(sourceId: number): RawBuilder<unknown>;
  /** The value stored from staged link `sl`. */
  value: RawBuilder<unknown>;
  /** Which row is kept when one link is staged twice (after `c.id, n.id`). */
  tieBreak: RawBuilder<unknown>;
}

const TAG_LINKS: LinkKind = {
  phase: 'merge tags',
  table: 'conversation_tags',
  staged: 'imp_conversation_tags',
  replaceFlag: 'replace_tags',
  targetId: 'tag_id',
  joinTarget: (sourceId) => sql`join tags n on n.source_id = ${sourceId} and n.spoke_key = sl.tag_key`,
  value: sql`nullif(sl.value, '')`,
  tieBreak: sql`, sl.value`,
};

const SURVEY_LINKS: LinkKind = {
  phase: 'merge survey',
  table: 'survey_responses',
  staged: 'imp_survey_responses',
  replaceFlag: 'replace_responses',
  targetId: 'question_id',
  joinTarget: () =>
    sql`join survey_questions n on n.campaign_id = c.campaign_id and n.spoke_key = sl.question_key`,
  value: sql`sl.value`,
  tieBreak: sql``,
};

// Links of new conversations are new: plain inserts. Those of stored ones are upserted, and the
// ones a contacts file no longer lists (removed in Spoke) deleted.
async function mergeLinks(run: MergeRun, kind: LinkKind, hasStored: boolean): Promise<void> {
  const { db, sourceId, counts } = run;
  const table = sql.table(kind.table);
  const staged = sql.table(kind.staged);
  const targetId = sql.ref(kind.targetId);
  await run.clock.time(kind.phase, async () => {
    counts[`${kind.table}_deleted`] = hasStored ? await deleteUnlisted(run, kind) : 0;
    const stored = await exists(
      db,
      sql`select 1 from ${staged} s where not exists (select 1 from imp_fresh f where f.spoke_key = s.conversation_key)`,
    );
    const conflict = stored
      ? sql`on conflict (conversation_id, ${targetId}) do update set value = excluded.value
              where t.value is distinct from excluded.value
            returning (xmax = 0) as inserted`
      : sql`returning true as inserted`;
    await upsertCounted(
      db,
      counts,
      kind.table,
      sql`
        insert into ${table} as t (conversation_id, ${targetId}, value)
        select distinct on (c.id, n.id) c.id, n.id, ${kind.value}
          from ${staged} sl
          join conversations c on c.source_id = ${sourceId} and c.spoke_key = sl.conversation_key
          ${kind.joinTarget(sourceId)}
         order by c.id, n.id${kind.tieBreak}
        ${conflict}`,
    );
  });
}

/** Deletes the stored links of conversations staged with their complete list that it omits. */
async function deleteUnlisted({ db, sourceId }: MergeRun, kind: LinkKind): Promise<number> {
  const result = await sql`
    delete from ${sql.table(kind.table)} t
     using conversations c, imp_conversations s
     where s.${sql.ref(kind.replaceFlag)} and c.source_id = ${sourceId} and c.spoke_key = s.spoke_key
       and t.conversation_id = c.id
       and not exists (
         select 1 from ${sql.table(kind.staged)} sl ${kind.joinTarget(sourceId)}
          where sl.conversation_key = s.spoke_key and n.id = t.${sql.ref(kind.targetId)})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// Rows added in this very transaction are invisible to the planner's statistics until analysed:
// the joins that follow (staged messages, refresh) would plan them as nearly empty tables.
async function analyzeStore({ db, clock, counts }: MergeRun): Promise<void> {
  const added = ['campaigns', 'texters', 'contacts', 'conversations'].reduce(
    (sum, table) => sum + (counts[`${table}_inserted`] ?? 0),
    0,
  );
  if (added > 1000) {
    await clock.time('analyze store', () =>
      sql`analyze campaigns, texters, contacts, conversations`.execute(db),
    );
  }
}

/**
 * Moves staged messages into the store: resolves each to its conversation by key (messages
 * whose conversation is neither stored nor staged are counted as `messages_orphaned` and
 * skipped), derives the key of those without a Spoke id (keys.ts), updates changed ones and
 * inserts new ones, sorted by conversation (cheap appends to the thread index). Existing
 * conversations gaining or changing messages go to `imp_touched`; new ones already have their
 * counts (mergeStaged), unless staged messages repeated one another.
 */
export async function mergeMessages(
  db: Kysely<Database>,
  sourceId: number,
  options: { clock?: PhaseClock } = {},
): Promise<MergeCounts> {
  const clock = options.clock ?? new PhaseClock();
  const key = messageKeySql(
    sql.ref('m.conversation_key'),
    sql.ref('m.from_contact'),
    sql.ref('m.sent_at'),
    sql.ref('m.text'),
  );
  const { total, resolved, fresh, old } = await clock.time('resolve messages', async () => {
    await sql`
      create temporary table imp_messages_resolved on commit drop as
      select c.id as conversation_id, coalesce(m.spoke_key, ${key}) as spoke_key, m.from_contact, x.id as texter_id,
             m.text, nullif(m.send_status, '') as send_status, m.sent_at, m.time_known, f.id is not null as fresh
        from imp_messages m
        join conversations c on c.source_id = ${sourceId} and c.spoke_key = m.conversation_key
        left join imp_fresh f on f.id = c.id
        left join texters x on x.source_id = ${sourceId} and x.spoke_key = m.texter_key`.execute(db);
    const staged = await sql<{ staged: number; resolved: number; fresh: number; old: number }>`
      select (select count(*) from imp_messages)::int as staged,
             count(*)::int as resolved,
             count(*) filter (where fresh)::int as fresh,
             count(*) filter (where not fresh)::int as old
        from imp_messages_resolved`.execute(db);
    await sql`analyze imp_messages_resolved`.execute(db);
    const row = staged.rows[0];
    return {
      total: row?.staged ?? 0,
      resolved: row?.resolved ?? 0,
      fresh: row?.fresh ?? 0,
      old: row?.old ?? 0,
    };
  });

  // Messages with a hashed key can only change status or sender; Spoke ids can change anything.
  // Only messages of conversations that existed can be stored already.
  const updated =
    old === 0
      ? 0
      : await clock.time('update messages', () =>
          one(
            db,
            sql`
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
      select count(*)::int as n from up`,
          ),
        );

  // New conversations have no stored messages: a staged message given twice is the only conflict,
  // resolved by keeping one (distinct on). Stored conversations may have the message already.
  const insert = (fresh: boolean) =>
    clock.time('insert messages', () =>
      one(
        db,
        sql`
      with ins as (
        insert into messages (conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at)
        select ${fresh ? sql`distinct on (conversation_id, spoke_key)` : sql``}
               conversation_id, spoke_key, from_contact, texter_id, text, send_status, sent_at
          from imp_messages_resolved where fresh = ${fresh}
         order by conversation_id, spoke_key
        ${fresh ? sql`` : sql`on conflict (conversation_id, spoke_key) do nothing`}
        returning conversation_id
      )
      ${fresh ? sql`` : sql`, touched as (insert into imp_touched (id) select distinct conversation_id from ins on conflict do nothing)`}
      select count(*)::int as n from ins`,
      ),
    );
  const insertedFresh = fresh === 0 ? 0 : await insert(true);
  const insertedOld = old === 0 ? 0 : await insert(false);
  // Fewer inserted than staged for new conversations: some staged messages were one message
  // twice, so the counts given when they were created are too high; refresh them all.
  if (insertedFresh < fresh) {
    await sql`insert into imp_touched (id) select id from imp_fresh on conflict do nothing`.execute(db);
  }

  return {
    messages_inserted: insertedFresh + insertedOld,
    messages_updated: updated,
    messages_orphaned: total - resolved,
  };
}
