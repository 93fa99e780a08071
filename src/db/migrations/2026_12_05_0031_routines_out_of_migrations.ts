import { type Kysely, sql } from 'kysely';

/**
 * From here on the database's functions are not part of the migrations: each is a .sql file
 * beside the code that calls it, applied after the migrations on every migrate
 * (src/db/routines.ts). This drops the copies the earlier migrations made, so that no function
 * survives that a file does not declare; the routines step creates them again right after.
 * Trigger functions stay: their triggers depend on them, and the routines step replaces them in
 * place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function if exists
      audit_take_batch(integer, integer, timestamptz),
      audit_assign_batch(integer, integer, timestamptz),
      audit_claim(bigint, integer, integer, timestamptz, integer, timestamptz, integer),
      audit_batch_items(bigint),
      audit_usual_need(),
      spoke_is_boolean(text),
      spoke_is_timestamptz(text),
      spoke_timestamptz(text),
      spoke_invalid_timestamptz(text),
      spoke_boolean(text)`.execute(db);
}

/** Nothing to undo: the routines step creates the functions on every migrate. */
export async function down(): Promise<void> {}
