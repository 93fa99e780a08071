import type { Kysely } from 'kysely';

/** Moderation: flags, flag types, rules, the queue, history (docs/moderation.md). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
