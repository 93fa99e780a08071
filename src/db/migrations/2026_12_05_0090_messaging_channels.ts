import { type Kysely, sql } from 'kysely';

/**
 * Twitter/X, WhatsApp and Telegram channels (docs/chatbot.md#channels): the new kinds; the
 * credentials an admin gives Parley for a remote service (a Telegram bot token, a WhatsApp access
 * token and app secret), sealed with the signing secret's box (secret-box, purpose
 * `channel-secret`) and never shown again; and, on the outbox, the remote service's id of a
 * message sent and the last status it reported (WhatsApp: sent, delivered, read, failed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bot_channels drop constraint bot_channels_kind_check`.execute(db);
  await sql`
    alter table bot_channels
      add constraint bot_channels_kind_check check (kind in ('web', 'api', 'telegram', 'whatsapp', 'twitter')),
      add column credentials bytea,
      add column credentials_set_at timestamptz`.execute(db);
  await sql`
    alter table bot_outbox
      add column remote_id text,
      add column remote_status text check (remote_status in ('sent', 'delivered', 'read', 'failed')),
      add column remote_status_at timestamptz`.execute(db);
  // Status callbacks name the message by the service's id.
  await sql`create index bot_outbox_remote_idx on bot_outbox (remote_id) where remote_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists bot_outbox_remote_idx`.execute(db);
  await sql`
    alter table bot_outbox drop column remote_id, drop column remote_status, drop column remote_status_at`.execute(
    db,
  );
  await sql`delete from bot_channels where kind not in ('web', 'api')`.execute(db);
  await sql`
    alter table bot_channels
      drop constraint bot_channels_kind_check,
      drop column credentials,
      drop column credentials_set_at`.execute(db);
  await sql`alter table bot_channels add constraint bot_channels_kind_check check (kind in ('web', 'api'))`.execute(
    db,
  );
}
