import type { Kysely } from 'kysely';

/** E-mail outbox and templates (docs/email.md). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
