import { type Kysely, sql } from 'kysely';

/**
 * Chatbots go live (docs/chatbot.md, "Channels" and "Delivery"): the channels a bot is reachable
 * on, each with its settings and its signing secret (encrypted, see src/secret-box.ts); per-bot
 * delivery settings; the reply address of a conversation (encrypted, erased once it has ended
 * and everything was delivered); and the outbox's delivery columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // PenhaS sent a turn's messages 2 s apart, each with " [i/n]" when there were several.
  await sql`
    alter table bots
      add column number_messages boolean not null default false,
      add column message_delay_ms integer not null default 0
        check (message_delay_ms between 0 and 10000)`.execute(db);

  await sql`
    create table bot_channels (
      id integer generated always as identity primary key,
      bot_id integer not null references bots (id) on delete cascade,
      kind text not null check (kind in ('web', 'api')),
      enabled boolean not null default true,
      settings jsonb not null default '{}',
      secret bytea,
      secret_set_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (bot_id, kind)
    )`.execute(db);

  await sql`
    alter table bot_conversations
      add column channel_id integer references bot_channels (id) on delete set null,
      add column reply_to bytea`.execute(db);
  // The erasure job reads ended conversations that still hold an address.
  await sql`
    create index bot_conversations_reply_to_idx on bot_conversations (ended_at)
    where reply_to is not null`.execute(db);

  // part/parts: the message's place among those of its turn (" [i/n]", the delay between them).
  await sql`
    alter table bot_outbox
      add column part smallint not null default 1,
      add column parts smallint not null default 1,
      add column failed_at timestamptz`.execute(db);
  await sql`drop index bot_outbox_pending_idx`.execute(db);
  await sql`
    create index bot_outbox_pending_idx on bot_outbox (next_attempt_at, id)
    where sent_at is null and failed_at is null`.execute(db);
  await sql`create index bot_outbox_failed_idx on bot_outbox (failed_at) where failed_at is not null`.execute(
    db,
  );
  // A web chat visitor reads their delivered messages by key.
  await sql`create index bot_outbox_web_idx on bot_outbox (user_key, id) where channel = 'web'`.execute(db);
  // One person's unsent messages, in order: delivery keeps that order across their conversations.
  await sql`
    create index bot_outbox_thread_idx on bot_outbox (user_key, id)
    where sent_at is null and failed_at is null`.execute(db);

  // Wakes the delivery loops at commit (function: src/chatbot/delivery/outbox-queued.sql).
  await sql`
    create or replace function bot_outbox_queued() returns trigger language plpgsql as $fn$
    begin
      perform pg_notify('parley_bot_outbox', '');
      return null;
    end
    $fn$`.execute(db);
  await sql`
    create trigger bot_outbox_queued after insert on bot_outbox
    for each statement execute function bot_outbox_queued()`.execute(db);

  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on bot_channels from parley_reports;
        grant select (id, bot_id, kind, enabled, created_at, updated_at) on bot_channels to parley_reports;
        grant select (channel_id) on bot_conversations to parley_reports;
      end if;
    exception when insufficient_privilege then
      raise notice 'channel grants for parley_reports not set: %', sqlerrm;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists bot_outbox_queued on bot_outbox`.execute(db);
  await sql`drop function if exists bot_outbox_queued`.execute(db);
  await sql`drop index if exists bot_outbox_thread_idx, bot_outbox_web_idx, bot_outbox_failed_idx`.execute(
    db,
  );
  await sql`alter table bot_outbox drop column part, drop column parts, drop column failed_at`.execute(db);
  await sql`alter table bot_conversations drop column channel_id, drop column reply_to`.execute(db);
  await sql`drop table if exists bot_channels`.execute(db);
  await sql`alter table bots drop column number_messages, drop column message_delay_ms`.execute(db);
}
