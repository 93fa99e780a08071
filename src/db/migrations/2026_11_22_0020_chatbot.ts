import { type Kysely, sql } from 'kysely';

/**
 * Chatbots (docs/chatbot.md, docs/compatibility.md): bots with immutable numbered revisions (the bot config plus its
 * questionnaires and questions), conversations with the engine state and a timeout deadline,
 * inbound messages, append-only analytics events, an outbox, and the PenhaS-compatible views
 * `conversa`, `analytics`, `step_code` and `tag_code`.
 *
 * Hot paths:
 * - an inbound message locks its conversation row, and the same transaction writes the state, the
 *   deadline, the inbound row, the events and the outbox rows (no job per message);
 * - the timeout sweep reads `bot_conversations_due_idx` (active rows only) in deadline order with
 *   FOR UPDATE SKIP LOCKED, so several sweepers never take the same conversation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function bot_forbid_change() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are immutable (% refused)', tg_table_name, tg_op;
    end
    $$`.execute(db);

  await sql`
    create table bots (
      id integer generated always as identity primary key,
      name text not null check (length(btrim(name)) between 1 and 100),
      channels text[] not null default '{}',
      current_revision_id integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index bots_name_key on bots (lower(name))`.execute(db);

  // A revision is never changed: a save, an import or a revert adds the next number.
  await sql`
    create table bot_revisions (
      id integer generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      number integer not null check (number > 0),
      config jsonb not null,
      source text not null
        check (source in ('created', 'editor', 'import_penhas', 'import_bundle', 'revert', 'demo')),
      reverted_from integer,
      warnings jsonb not null default '[]',
      created_at timestamptz not null default now(),
      created_by integer references users (id) on delete set null,
      unique (bot_id, number)
    )`.execute(db);
  await sql`
    alter table bots add constraint bots_current_revision_fk
      foreign key (current_revision_id) references bot_revisions (id)`.execute(db);

  // Questionnaires belong to a revision: a conversation runs on its revision's questionnaires, and
  // the engine keeps a snapshot of a running questionnaire in the conversation state besides.
  await sql`
    create table bot_questionnaires (
      id integer generated always as identity primary key,
      revision_id integer not null references bot_revisions (id) on delete cascade,
      key text not null,
      name text not null default '',
      sort integer not null,
      unique (revision_id, key)
    )`.execute(db);
  await sql`
    create table bot_questions (
      id integer generated always as identity primary key,
      questionnaire_id integer not null references bot_questionnaires (id) on delete cascade,
      sort integer not null,
      code text not null,
      type text not null check (type in
        ('onlychoice', 'yesno', 'yesnogroup', 'text', 'displaytext', 'botao_fim', 'cep_address_lookup')),
      question text not null,
      relevance text,
      intro jsonb,
      options jsonb,
      yesnogroup jsonb,
      end_action text check (end_action in ('finish', 'restart')),
      button_label text,
      unique (questionnaire_id, sort)
    )`.execute(db);
  for (const table of ['bot_revisions', 'bot_questionnaires', 'bot_questions']) {
    await sql`
      create trigger ${sql.raw(`${table}_immutable`)} before update on ${sql.table(table)}
      for each row execute function bot_forbid_change()`.execute(db);
  }

  // Tag codes as PenhaS seeds them; 0 (no category) must always exist. Saving a config adds the
  // codes it uses, so the analytics join on tag_code never drops an event.
  await sql`
    create table bot_tag_codes (
      id integer primary key check (id >= 0),
      label text not null
    )`.execute(db);
  await sql`
    insert into bot_tag_codes (id, label) values
      (0, 'Sem categoria'),
      (1, 'Em busca de info. sobre relacionamento abusivo para ela'),
      (2, 'Em busca de info. sobre relacionamento abusivo para outra pessoa'),
      (3, 'Está em relacionamento abusivo')`.execute(db);
  await sql`
    create function bot_keep_tag_zero() returns trigger language plpgsql as $$
    begin
      if old.id = 0 then raise exception 'tag code 0 (no category) must always exist'; end if;
      return old;
    end
    $$`.execute(db);
  await sql`
    create trigger bot_tag_codes_keep_zero before delete on bot_tag_codes
    for each row execute function bot_keep_tag_zero()`.execute(db);

  // One row per step code and bot (PenhaS had no unique key and duplicated them).
  await sql`
    create table bot_step_codes (
      id integer generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      code text not null,
      questionnaire_id text,
      created_at timestamptz not null default now(),
      unique (bot_id, code)
    )`.execute(db);

  // One row per conversation; a user's newest row (highest seq) holds the engine state of the
  // thread. user_key is HMAC-SHA256(PARLEY_SECRET, channel:handle): never the handle itself.
  await sql`
    create table bot_conversations (
      id bigint generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      revision_id integer not null references bot_revisions (id),
      channel text not null check (channel <> ''),
      user_key text not null,
      seq integer not null,
      state jsonb not null,
      tag_code integer,
      started_at timestamptz not null,
      last_inbound_at timestamptz not null,
      ended_at timestamptz,
      end_reason text check (end_reason in ('finished', 'timeout', 'gave_up', 'error')),
      end_state text,
      end_error text,
      questionnaire_id text,
      responses jsonb,
      deadline timestamptz,
      unique (bot_id, channel, user_key, seq)
    )`.execute(db);
  await sql`
    create index bot_conversations_due_idx on bot_conversations (deadline)
    where ended_at is null`.execute(db);
  await sql`create index bot_conversations_bot_idx on bot_conversations (bot_id, started_at)`.execute(db);

  // Inbound messages, in the same transaction as the turn they caused; an event id is unique per
  // bot and channel (Telegram's update ids are per bot), so a redelivered webhook is ignored.
  await sql`
    create table bot_inbound (
      id bigint generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      conversation_id bigint not null references bot_conversations (id) on delete cascade,
      channel text not null,
      event_id text,
      input jsonb not null,
      received_at timestamptz not null
    )`.execute(db);
  await sql`
    create unique index bot_inbound_event_key on bot_inbound (bot_id, channel, event_id)
    where event_id is not null`.execute(db);
  await sql`create index bot_inbound_conversation_idx on bot_inbound (conversation_id)`.execute(db);

  // Analytics events (docs/chatbot.md#analytics-events): appended, never changed (a timeout adds its own event).
  await sql`
    create table bot_events (
      id bigint generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      conversation_id bigint not null references bot_conversations (id) on delete cascade,
      step_code_id integer not null references bot_step_codes (id),
      previous_step_code_id integer references bot_step_codes (id),
      state text not null check (state in ('DURING_DECISION_TREE', 'DURING_QUESTIONNAIRE',
        'QUESTIONNAIRE_FINISHED', 'QUESTIONNAIRE_TIMEOUT', 'QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_RESET')),
      tag_code integer not null references bot_tag_codes (id),
      questionnaire_id text,
      created_at timestamptz not null,
      first_msg_at timestamptz not null,
      timeout_at timestamptz
    )`.execute(db);
  await sql`create index bot_events_conversation_idx on bot_events (conversation_id)`.execute(db);
  await sql`create index bot_events_bot_idx on bot_events (bot_id, created_at)`.execute(db);
  await sql`
    create trigger bot_events_append_only before update on bot_events
    for each row execute function bot_forbid_change()`.execute(db);

  // Messages to send, in id order per (channel, user_key); drained by the channel adapters.
  await sql`
    create table bot_outbox (
      id bigint generated always as identity primary key,
      conversation_id bigint not null references bot_conversations (id) on delete cascade,
      channel text not null,
      user_key text not null,
      message jsonb not null,
      created_at timestamptz not null default now(),
      next_attempt_at timestamptz not null default now(),
      attempts integer not null default 0,
      sent_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`
    create index bot_outbox_pending_idx on bot_outbox (next_attempt_at, id)
    where sent_at is null`.execute(db);
  await sql`create index bot_outbox_conversation_idx on bot_outbox (conversation_id)`.execute(db);

  // PenhaS's analytics tables as views, same names, columns and state values, so its report SQL
  // runs unchanged. Parley's extra columns (bot_id, questionnaire_id) come last.
  await sql`
    create view conversa as
      select id, user_key as handle_hashed, started_at, bot_id
      from bot_conversations`.execute(db);
  await sql`
    create view step_code as
      select id, questionnaire_id, code, 1 as json_version_code,
             created_at, created_at as updated_at, bot_id
      from bot_step_codes`.execute(db);
  await sql`create view tag_code as select id, label from bot_tag_codes`.execute(db);
  // PenhaS recorded a timeout by overwriting the last step's row, so a timeout row's created_at
  // was the time of that step (reports measure "time until giving up" with it). Parley appends the
  // timeout as its own event (bot_events.created_at is when it was recorded); the view shows the
  // time of the step before it, so PenhaS's duration reports mean the same here.
  await sql`
    create view analytics as
      select e.id, e.conversation_id as conversa_id, e.step_code_id, e.previous_step_code_id, e.state,
             e.tag_code,
             case when e.state = 'QUESTIONNAIRE_TIMEOUT'
               then coalesce((select max(p.created_at) from bot_events p
                              where p.conversation_id = e.conversation_id and p.id < e.id), e.created_at)
               else e.created_at end as created_at,
             e.first_msg_at as first_msg_tz, e.timeout_at, e.questionnaire_id, e.bot_id
      from bot_events e`.execute(db);

  // Reports may read the analytics, not what people typed or what the bot sent them.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on bot_outbox, bot_inbound from parley_reports;
        revoke select on bot_conversations from parley_reports;
        grant select (id, bot_id, revision_id, channel, user_key, seq, tag_code, started_at,
          last_inbound_at, ended_at, end_reason, end_state, questionnaire_id, deadline)
          on bot_conversations to parley_reports;
      end if;
    exception when insufficient_privilege then
      raise notice 'chatbot grants for parley_reports not set: %', sqlerrm;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view if exists analytics, tag_code, step_code, conversa`.execute(db);
  await sql`
    drop table if exists bot_outbox, bot_events, bot_inbound, bot_conversations, bot_step_codes,
      bot_tag_codes, bot_questions, bot_questionnaires`.execute(db);
  await sql`alter table if exists bots drop constraint if exists bots_current_revision_fk`.execute(db);
  await sql`drop table if exists bot_revisions, bots`.execute(db);
  await sql`drop function if exists bot_forbid_change, bot_keep_tag_zero`.execute(db);
}
