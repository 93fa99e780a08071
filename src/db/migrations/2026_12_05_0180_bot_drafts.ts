import { type Kysely, sql } from 'kysely';

/**
 * Bot drafts (docs/chatbot-studio.md): one per bot, where the studio and the JSON editor save
 * their edits (autosaved, with who and when) until "Publish" validates the draft and makes it the
 * bot's next revision. The bundle is kept as edited, errors and all: it is only validated when
 * published. `version` grows with each save, so a save over someone else's newer one is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bot_drafts (
      bot_id integer primary key references bots (id) on delete cascade,
      bundle jsonb not null,
      base_revision integer check (base_revision > 0),
      version integer not null check (version > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      updated_by integer references users (id) on delete set null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists bot_drafts`.execute(db);
}
