import type { Kysely } from 'kysely';

/** Audit history (corrections) and what the review pages need. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
