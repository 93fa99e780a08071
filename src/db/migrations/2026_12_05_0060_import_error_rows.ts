import { type Kysely, sql } from 'kysely';

/**
 * `imports.error_rows`: how many rows of a rejected import have at least one problem, beside
 * `error_count` (the problems), so the import's page says "3 rows, 4 problems".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports add column error_rows integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column error_rows`.execute(db);
}
