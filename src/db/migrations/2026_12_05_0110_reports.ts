import type { Kysely } from 'kysely';

/** Reports: saved SQL, parameters, runs, data sources, schedules (docs/reports.md). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
