import { type Kysely, sql } from 'kysely';

/**
 * The pool refresh after an import touches only the conversations the import changed
 * (docs/audit.md#pool-rules): statement triggers on `conversations` list the changed ones in
 * `audit_pool_pending`, and the refresh after an import takes them from there instead of comparing
 * the whole conversation store with the pool. The trigger functions are routines
 * (src/audit/pool/pool-upkeep.sql; once pool-pending.sql); the ones created here are replaced on every migrate.
 *
 * A pool row's `campaign_id` and `texter_id` are copies of its conversation's, which are checked
 * there; the conversation's own key (on delete cascade) already removes the row with its
 * campaign. Their foreign keys cost a lookup per row for nothing on every refresh (about half
 * the time of inserting a refresh's rows, measured) and a trigger call per row on every claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_pool drop constraint audit_pool_campaign_id_fkey, drop constraint audit_pool_texter_id_fkey`.execute(
    db,
  );
  // Unlogged: cheap to fill during an import. Emptied by a crash; the scheduled full refresh
  // (every 10 minutes) then catches up on what it listed.
  await sql`create unlogged table audit_pool_pending (conversation_id bigint primary key)`.execute(db);
  for (const name of ['audit_pool_mark_inserted', 'audit_pool_mark_updated']) {
    await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $fn$ begin return null; end $fn$`.execute(
      db,
    );
  }
  await sql`create trigger conversations_pool_inserted after insert on conversations
    referencing new table as new_rows for each statement execute function audit_pool_mark_inserted()`.execute(
    db,
  );
  await sql`create trigger conversations_pool_updated after update on conversations
    referencing old table as old_rows new table as new_rows for each statement execute function audit_pool_mark_updated()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists conversations_pool_updated on conversations`.execute(db);
  await sql`drop trigger if exists conversations_pool_inserted on conversations`.execute(db);
  await sql`drop function if exists audit_pool_mark_updated`.execute(db);
  await sql`drop function if exists audit_pool_mark_inserted`.execute(db);
  await sql`drop table if exists audit_pool_pending`.execute(db);
  await sql`alter table audit_pool
    add constraint audit_pool_campaign_id_fkey foreign key (campaign_id) references campaigns (id) on delete cascade,
    add constraint audit_pool_texter_id_fkey foreign key (texter_id) references texters (id) on delete set null`.execute(
    db,
  );
}
