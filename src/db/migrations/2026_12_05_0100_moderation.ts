import { type Kysely, sql } from 'kysely';

/**
 * Moderation: flags, flag types, rules, the queue, history (docs/moderation.md).
 *
 * A flag is one person's (or one rule's) report on one message; the flags on one message form one
 * queue item, which carries the claim and the resolution. At most one of agreed/disagreed/deferred
 * is set on an item or a flag (reopening clears it; moderation_history keeps every step), so the
 * Discourse-shaped reports read one resolution per flag. Messages have no index on their id (see
 * the conversation store's migration): flags and items keep the conversation beside the message.
 *
 * A rule run may raise a flag for every tenth message of an import, so flags and history carry no
 * foreign keys to items, types, rules or each other (a key check costs more than the row): only
 * src/moderation/ writes them, with ids it just read; nothing deletes items or flag types, and a
 * rule with flags cannot be deleted (only disabled). Links to staff users keep their keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await flagTypes(db);
  await rules(db);
  await items(db);
  await flags(db);
  await history(db);
  await settings(db);
  await discourseViews(db);
}

async function flagTypes(db: Kysely<unknown>): Promise<void> {
  // Built-in ids are Discourse's post_action_type ids, so reports can name them; custom ones ≥ 1000.
  await sql`create sequence flag_types_custom_id_seq start with 1000 minvalue 1000`.execute(db);
  await sql`
    create table flag_types (
      id integer primary key default nextval('flag_types_custom_id_seq'),
      name_key text not null unique check (name_key ~ '^[a-z][a-z0-9_]{0,39}$'),
      name text not null check (length(name) between 1 and 80),
      description text not null default '' check (length(description) <= 1000),
      -- Higher first in the queue.
      severity smallint not null default 2 check (severity between 1 and 5),
      builtin boolean not null default false,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (builtin = (id < 1000))
    )`.execute(db);
  await sql`alter sequence flag_types_custom_id_seq owned by flag_types.id`.execute(db);
  await sql`
    insert into flag_types (id, name_key, name, description, severity, builtin) values
      (3, 'off_topic', 'Off topic', 'Not relevant to the conversation.', 1, true),
      (4, 'inappropriate', 'Inappropriate', 'Offensive, abusive or against the code of conduct.', 3, true),
      (6, 'notify_user', 'Talk to the texter', 'Something the texter should hear about.', 1, true),
      (7, 'notify_moderators', 'Something else', 'Needs a moderator for another reason.', 2, true),
      (8, 'spam', 'Spam', 'Advertising or unsolicited content.', 2, true),
      (10, 'illegal', 'Illegal', 'May be illegal: needs attention first.', 5, true)`.execute(db);
}

async function rules(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table moderation_rules (
      id integer generated always as identity primary key,
      name text not null unique check (length(name) between 1 and 80),
      -- keyword: any of the terms as whole words, case- and accent-insensitive; regex: RE2 syntax;
      -- profanity / stop_not_opted_out: the built-in sets (their terms are editable).
      kind text not null check (kind in ('keyword', 'regex', 'profanity', 'stop_not_opted_out')),
      terms text[] not null default '{}',
      pattern text,
      flag_type_id integer not null references flag_types (id),
      enabled boolean not null default true,
      builtin boolean not null default false,
      created_by integer references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'regex') = (pattern is not null))
    )`.execute(db);
  // The built-in sets: empty terms mean the default lists (src/moderation/rules/builtin.ts).
  await sql`
    insert into moderation_rules (name, kind, flag_type_id, builtin) values
      ('Profanity', 'profanity', 4, true),
      ('Asked to stop, not opted out', 'stop_not_opted_out', 7, true)`.execute(db);
}

async function items(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table moderation_items (
      id bigint generated always as identity primary key,
      message_id bigint not null unique,
      conversation_id bigint not null,
      campaign_id integer not null,
      -- The author when a texter wrote the message.
      texter_id integer,
      status text not null default 'pending' check (status in ('pending', 'agreed', 'disagreed', 'deferred')),
      -- Highest severity of the item's pending flags (kept when resolved).
      severity smallint not null default 1,
      -- Since when the item waits: its first flag, or the flag that reopened it.
      pending_since timestamptz not null,
      agreed_at timestamptz,
      agreed_by integer references users (id) on delete set null,
      disagreed_at timestamptz,
      disagreed_by integer references users (id) on delete set null,
      deferred_at timestamptz,
      deferred_by integer references users (id) on delete set null,
      resolution_note text,
      claimed_by integer references users (id) on delete set null,
      claimed_at timestamptz,
      claim_expires_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      -- Every change bumps it; a command that saw an older version is refused (409).
      version integer not null default 1,
      check (num_nonnulls(agreed_at, disagreed_at, deferred_at) <= 1),
      check ((status = 'pending') = (num_nonnulls(agreed_at, disagreed_at, deferred_at) = 0))
    )`.execute(db);
  await sql`
    create index moderation_items_queue_idx
      on moderation_items (((status <> 'pending')::int), (-severity), pending_since, id)`.execute(db);
  await sql`create index moderation_items_campaign_idx on moderation_items (campaign_id)`.execute(db);
  await sql`create index moderation_items_texter_idx on moderation_items (texter_id)`.execute(db);
}

async function flags(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table flags (
      id bigint generated always as identity primary key,
      item_id bigint not null,
      message_id bigint not null,
      conversation_id bigint not null,
      flag_type_id integer not null,
      flagger_user_id integer references users (id) on delete set null,
      flagger_rule_id integer,
      note text check (length(note) <= 2000),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      agreed_at timestamptz,
      agreed_by integer references users (id) on delete set null,
      disagreed_at timestamptz,
      disagreed_by integer references users (id) on delete set null,
      deferred_at timestamptz,
      deferred_by integer references users (id) on delete set null,
      check (flagger_user_id is null or flagger_rule_id is null),
      check (num_nonnulls(agreed_at, disagreed_at, deferred_at) <= 1)
    )`.execute(db);
  // One pending flag per flagger, message and type.
  await sql`
    create unique index flags_pending_user_key on flags (message_id, flag_type_id, flagger_user_id)
      where agreed_at is null and disagreed_at is null and deferred_at is null and flagger_user_id is not null`.execute(
    db,
  );
  await sql`
    create unique index flags_pending_rule_key on flags (message_id, flag_type_id, flagger_rule_id)
      where agreed_at is null and disagreed_at is null and deferred_at is null and flagger_rule_id is not null`.execute(
    db,
  );
  await sql`create index flags_item_idx on flags (item_id)`.execute(db);
  await sql`create index flags_created_idx on flags (created_at)`.execute(db);
  // A rule flags a message once: the check reads every flag of the message.
  await sql`create index flags_message_idx on flags (message_id)`.execute(db);
}

async function history(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table moderation_history (
      id bigint generated always as identity primary key,
      item_id bigint not null,
      flag_id bigint,
      action text not null check (action in
        ('created', 'claimed', 'unclaimed', 'agreed', 'disagreed', 'deferred', 'reopened')),
      user_id integer references users (id) on delete set null,
      rule_id integer,
      note text,
      at timestamptz not null
    )`.execute(db);
  await sql`create index moderation_history_item_idx on moderation_history (item_id, id)`.execute(db);
}

async function settings(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table moderation_settings (
      id boolean primary key default true check (id),
      claim_minutes integer not null default 30 check (claim_minutes between 1 and 1440),
      stale_hours integer not null default 24 check (stale_hours between 1 and 720),
      digest_enabled boolean not null default true,
      last_digest_at timestamptz,
      -- Rules have run on every message up to this id (messages' ids only grow).
      rules_scanned_through bigint not null default 0,
      updated_at timestamptz not null default now(),
      updated_by integer references users (id) on delete set null
    )`.execute(db);
  await sql`
    insert into moderation_settings (rules_scanned_through) select coalesce(max(id), 0) from messages`.execute(
    db,
  );
}

/**
 * Discourse's tables over Parley's data (docs/moderation.md). One user id space:
 * staff keep their ids, texters are 2^31 + id, contacts 2^32 + id.
 */
async function discourseViews(db: Kysely<unknown>): Promise<void> {
  await sql`create schema discourse`.execute(db);
  await sql`
    create view discourse.post_action_types as
    select id, name_key, true as is_flag, null::text as icon, id as position, severity::integer as score_type,
           created_at, updated_at
      from public.flag_types`.execute(db);
  await sql`
    create view discourse.post_actions as
    select f.id, f.message_id as post_id, coalesce(f.flagger_user_id::bigint, -1) as user_id,
           f.flag_type_id as post_action_type_id, f.created_at, f.updated_at,
           f.agreed_at, f.agreed_by as agreed_by_id, f.disagreed_at, f.disagreed_by as disagreed_by_id,
           f.deferred_at, f.deferred_by as deferred_by_id, null::timestamptz as deleted_at,
           null::bigint as related_post_id, f.agreed_at is not null as staff_took_action, false as targets_topic
      from public.flags f`.execute(db);
  await sql`
    create view discourse.posts as
    select m.id,
           case when m.from_contact then 4294967296 + c.contact_id
                else 2147483648 + coalesce(m.texter_id, c.texter_id) end as user_id,
           m.conversation_id as topic_id,
           row_number() over (partition by m.conversation_id order by m.sent_at, m.id)::integer as post_number,
           m.text as raw,
           '<p>' || replace(replace(replace(replace(m.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')
             || '</p>' as cooked,
           m.sent_at as created_at, m.sent_at as updated_at, null::timestamptz as deleted_at
      from public.messages m
      join public.conversations c on c.id = m.conversation_id`.execute(db);
  await sql`
    create view discourse.users as
    select u.id::bigint as id, split_part(u.email, '@', 1) as username, lower(split_part(u.email, '@', 1)) as username_lower,
           u.name, u.role = 'admin' as admin, u.role in ('moderator', 'admin') as moderator, false as staged,
           null::integer as uploaded_avatar_id, u.created_at
      from public.users u
    union all
    select 2147483648 + t.id, 'texter' || t.id, 'texter' || t.id, trim(t.first_name || ' ' || t.last_name),
           false, false, true, null::integer, t.imported_at
      from public.texters t
    union all
    select 4294967296 + ct.id, 'contact' || ct.id, 'contact' || ct.id, trim(ct.first_name || ' ' || ct.last_name),
           false, false, true, null::integer, null::timestamptz
      from public.contacts ct`.execute(db);
  await sql`
    create view discourse.topics as
    select c.id, trim(ca.title || ' ' || ct.first_name) as title, c.campaign_id as category_id,
           2147483648 + c.texter_id as user_id, coalesce(c.created_at, c.first_message_at) as created_at
      from public.conversations c
      join public.campaigns ca on ca.id = c.campaign_id
      join public.contacts ct on ct.id = c.contact_id`.execute(db);
  // Views run with their owner's rights, so the reports role reads them without the tables' texts.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        grant usage on schema discourse to parley_reports;
        grant select on all tables in schema discourse to parley_reports;
        revoke all on moderation_settings from parley_reports;
      end if;
    exception when insufficient_privilege then
      null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop schema if exists discourse cascade`.execute(db);
  await sql`drop table if exists moderation_settings, moderation_history, flags, moderation_items, moderation_rules,
    flag_types`.execute(db);
}
