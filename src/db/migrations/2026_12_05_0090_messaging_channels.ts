import { type Kysely, sql } from 'kysely';

/**
 * Twitter/X, WhatsApp and Telegram channels (docs/chatbot.md#channels): the new kinds, and the
 * credentials an admin gives Parley for a remote service (a Telegram bot token…), sealed with
 * the signing secret's box (secret-box, purpose `channel-secret`) and never shown again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bot_channels drop constraint bot_channels_kind_check`.execute(db);
  await sql`
    alter table bot_channels
      add constraint bot_channels_kind_check check (kind in ('web', 'api', 'telegram')),
      add column credentials bytea,
      add column credentials_set_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
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
