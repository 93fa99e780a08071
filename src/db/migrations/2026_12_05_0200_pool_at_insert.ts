import { type Kysely, sql } from 'kysely';

/**
 * New conversations enter the audit pool in the statement that inserts them, and the pool's
 * foreign key to `conversations` gives way to a statement trigger (docs/audit.md#pool-rules):
 *
 * - The insert trigger adds the eligible ones to the pool straight away instead of listing them
 *   in `audit_pool_pending` for the refresh after the import, which then read them back, compared
 *   them with the pool and inserted their rows one speculative insert at a time.
 * - The foreign key checked every pool row an import adds with a lookup and a row lock on its
 *   conversation, about a third of a refresh's time (measured: 3.1–3.5 s with it, 2.2–2.3 s
 *   without for 200,000 conversations). A statement trigger on delete removes the pool rows of
 *   deleted conversations instead, as the cascade did.
 *
 * The trigger functions are routines (src/audit/pool/pool-upkeep.sql); the placeholders created
 * here are replaced on every migrate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Pool rows whose conversation is gone: none while the key held; dropped here in case.
  await sql`delete from audit_pool p where not exists (select 1 from conversations c where c.id = p.conversation_id)`.execute(
    db,
  );
  await sql`alter table audit_pool drop constraint audit_pool_conversation_id_fkey`.execute(db);
  await sql`drop trigger conversations_pool_inserted on conversations`.execute(db);
  await sql`drop function audit_pool_mark_inserted()`.execute(db);
  for (const name of ['audit_pool_enter_inserted', 'audit_pool_forget_deleted']) {
    await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $fn$ begin return null; end $fn$`.execute(
      db,
    );
  }
  await sql`create trigger conversations_pool_inserted after insert on conversations
    referencing new table as new_rows for each statement execute function audit_pool_enter_inserted()`.execute(
    db,
  );
  await sql`create trigger conversations_pool_deleted after delete on conversations
    referencing old table as old_rows for each statement execute function audit_pool_forget_deleted()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger conversations_pool_deleted on conversations`.execute(db);
  await sql`drop trigger conversations_pool_inserted on conversations`.execute(db);
  await sql`drop function audit_pool_forget_deleted()`.execute(db);
  await sql`drop function audit_pool_enter_inserted()`.execute(db);
  await sql`create function audit_pool_mark_inserted() returns trigger language plpgsql as $fn$ begin return null; end $fn$`.execute(
    db,
  );
  await sql`create trigger conversations_pool_inserted after insert on conversations
    referencing new table as new_rows for each statement execute function audit_pool_mark_inserted()`.execute(
    db,
  );
  await sql`alter table audit_pool add constraint audit_pool_conversation_id_fkey
    foreign key (conversation_id) references conversations (id) on delete cascade`.execute(db);
}
