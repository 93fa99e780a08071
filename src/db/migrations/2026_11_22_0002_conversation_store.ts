import { type Kysely, sql } from 'kysely';

/**
 * The conversation store shared by audit, moderation and reports (docs/conversations.md): what Spoke
 * text-banking campaigns produced, keyed by Spoke's ids so re-imports update instead of
 * duplicating. Every imported row belongs to a source (one Spoke instance: its database, or CSV
 * exports of it), because Spoke ids are only unique within one instance.
 *
 * `spoke_key` columns hold the Spoke id when the source gives one, else a stable natural key the
 * importer derives (documented in src/conversations/keys.ts), so CSV layouts without ids still
 * re-import idempotently.
 *
 * The tables that grow with every import — contacts, conversations, messages and the links of
 * conversations to tags and survey answers — carry no foreign keys: a key check costs about 5 µs
 * per row, more than the rest of the insert. The importers only write ids they resolved by key in
 * the same transaction (under the per-source lock), nothing deletes sources, campaigns, contacts,
 * texters, tags or questions, and retention deletes a conversation's messages and links together
 * with it (src/audit/pool/expireAndTrim.ts). Their keys are `collate "C"`: bytewise comparison,
 * the cheapest for the unique indexes they are matched on. Every index on them is one the
 * application reads through; each costs every imported row about 1 µs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sources (
      id integer generated always as identity primary key,
      name text not null unique check (name ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
      created_at timestamptz not null default now(),
      -- Incremental sync position per Spoke table ({"message": {"id": 123}, …}).
      sync_state jsonb not null default '{}',
      last_synced_at timestamptz
    )`.execute(db);

  await sql`
    create table campaigns (
      id integer generated always as identity primary key,
      source_id integer not null references sources (id),
      spoke_key text not null,
      organization_key text,
      title text not null default '',
      description text not null default '',
      is_archived boolean not null default false,
      created_at timestamptz,
      imported_at timestamptz not null default now(),
      unique (source_id, spoke_key)
    )`.execute(db);

  await sql`
    create table texters (
      id integer generated always as identity primary key,
      source_id integer not null references sources (id),
      spoke_key text not null,
      first_name text not null default '',
      last_name text not null default '',
      email text,
      cell text,
      -- When one of this texter's conversations was last audited (the assignment tie-break).
      texter_audit_date timestamptz,
      imported_at timestamptz not null default now(),
      unique (source_id, spoke_key)
    )`.execute(db);

  await sql`
    create table contacts (
      id bigint generated always as identity primary key,
      source_id integer not null,
      cell text collate "C" not null,
      first_name text not null default '',
      last_name text not null default '',
      zip text,
      unique (source_id, cell)
    )`.execute(db);

  // One conversation per Spoke campaign_contact. The CSV importer reserves the ids of new
  // conversations (nextval) to write their messages before the rows themselves.
  await sql`
    create table conversations (
      id bigint generated always as identity primary key,
      source_id integer not null,
      spoke_key text collate "C" not null,
      campaign_id integer not null,
      contact_id bigint not null,
      texter_id integer,
      external_id text,
      message_status text,
      opted_out boolean not null default false,
      custom_fields jsonb not null default '{}',
      message_count integer not null default 0,
      contact_replied boolean not null default false,
      first_message_at timestamptz,
      last_message_at timestamptz,
      created_at timestamptz,
      updated_at timestamptz,
      imported_at timestamptz not null default now(),
      unique (source_id, spoke_key)
    )`.execute(db);
  await sql`create index conversations_campaign_idx on conversations (campaign_id, last_message_at desc)`.execute(
    db,
  );
  // An opt-out reaches the conversations of its cell through their contact.
  await sql`create index conversations_contact_idx on conversations (contact_id)`.execute(db);

  // Messages are keyed by conversation and Spoke key, the one index: a thread is read through it
  // and sorted by time in the query (a conversation has a handful of messages). `id` is unique by
  // construction (an identity nothing overrides) and not indexed: nothing looks a message up
  // without its conversation, and a second index would cost every imported message as much as
  // this one.
  await sql`
    create table messages (
      id bigint generated always as identity,
      conversation_id bigint not null,
      spoke_key text collate "C" not null,
      from_contact boolean not null,
      texter_id integer,
      text text not null,
      send_status text,
      sent_at timestamptz not null,
      primary key (conversation_id, spoke_key)
    )`.execute(db);

  await sql`
    create table tags (
      id integer generated always as identity primary key,
      source_id integer not null references sources (id),
      spoke_key text not null,
      name text not null,
      unique (source_id, spoke_key)
    )`.execute(db);
  await sql`
    create table conversation_tags (
      conversation_id bigint not null,
      tag_id integer not null,
      value text,
      primary key (conversation_id, tag_id)
    )`.execute(db);

  await sql`
    create table survey_questions (
      id integer generated always as identity primary key,
      campaign_id integer not null references campaigns (id) on delete cascade,
      spoke_key text not null,
      question text not null,
      allowed_responses text[] not null default '{}',
      sort integer not null default 0,
      unique (campaign_id, spoke_key)
    )`.execute(db);
  await sql`
    create table survey_responses (
      conversation_id bigint not null,
      question_id integer not null,
      value text not null,
      primary key (conversation_id, question_id)
    )`.execute(db);

  // Spoke keys opt-outs by phone and organization.
  await sql`
    create table opt_outs (
      source_id integer not null references sources (id),
      organization_key text not null default '',
      cell text not null,
      reason_code text,
      created_at timestamptz,
      primary key (source_id, organization_key, cell)
    )`.execute(db);

  // Every import run, for progress in the UI and for the record.
  await sql`
    create table imports (
      id bigint generated always as identity primary key,
      source_id integer references sources (id),
      kind text not null check (kind in ('spoke_db', 'spoke_csv')),
      status text not null check (status in ('running', 'succeeded', 'failed')),
      started_by integer references users (id),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      files jsonb not null default '[]',
      progress jsonb not null default '{}',
      counts jsonb not null default '{}',
      errors jsonb not null default '[]'
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists imports, opt_outs, survey_responses, survey_questions, conversation_tags, tags,
    messages, conversations, contacts, texters, campaigns, sources`.execute(db);
}
