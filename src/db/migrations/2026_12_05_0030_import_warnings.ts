import { type Kysely, sql } from 'kysely';

/**
 * `imports.warnings`: problems after an import's rows were stored, which do not undo it (the
 * audit pool could not be refreshed), as `[{ "kind": …, "detail": … }]`, shown on the import's page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports add column warnings jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column warnings`.execute(db);
}
