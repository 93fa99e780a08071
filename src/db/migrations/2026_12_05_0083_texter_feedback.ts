import type { Kysely } from 'kysely';

/** Feedback e-mails to texters: sends, opt-outs. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
