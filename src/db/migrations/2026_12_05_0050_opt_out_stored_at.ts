import { type Kysely, sql } from 'kysely';

/**
 * `opt_outs.stored_at`: when Parley first stored the opt-out. Retention erases an opt-out once no
 * contact of its source has its cell any more and it is older than the data-retention window; its
 * age is Spoke's `created_at`, or this when Spoke gave none (docs/conversations.md#retention).
 * Rows stored before this migration count from now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table opt_outs add column stored_at timestamptz not null default now()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table opt_outs drop column stored_at`.execute(db);
}
