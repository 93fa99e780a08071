import { type Kysely, sql } from 'kysely';

/**
 * Rules raise flags in bulk (a run after an import may raise one for every tenth message): what a
 * flag costs to write is paid that many times (docs/moderation.md#speed).
 *
 * The rules' flag writer (src/moderation/rules/flag-matches.sql) takes whether a contact wrote each
 * message instead of its campaign, which it looks up for the matches alone. `create or replace`
 * cannot change a function's arguments: the old one is dropped here and the routines step creates
 * the new one right after.
 *
 * The links from items, flags and history to staff users lose their foreign keys, as the audit
 * pool's did: a rule's flag has none of them set, yet every key queued a trigger call per row,
 * nine per flag (about a fifth of the time of writing rule flags, measured). Users are never
 * deleted (only disabled), and only src/moderation/ writes these columns, with the id of the
 * signed-in user who acts.
 *
 * Items of contacts' messages (a "stop" flag) have no texter: the texter filter's index leaves them
 * out instead of holding one null per such item.
 */
const USER_LINKS: readonly [table: string, column: string][] = [
  ['moderation_items', 'agreed_by'],
  ['moderation_items', 'disagreed_by'],
  ['moderation_items', 'deferred_by'],
  ['moderation_items', 'claimed_by'],
  ['flags', 'flagger_user_id'],
  ['flags', 'agreed_by'],
  ['flags', 'disagreed_by'],
  ['flags', 'deferred_by'],
  ['moderation_history', 'user_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists moderation_flag_matches(bigint[], bigint[], integer[], integer[], integer[], timestamptz)`.execute(
    db,
  );
  for (const [table, column] of USER_LINKS) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.raw(`${table}_${column}_fkey`)}`.execute(
      db,
    );
  }
  await sql`drop index moderation_items_texter_idx`.execute(db);
  await sql`create index moderation_items_texter_idx on moderation_items (texter_id) where texter_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index moderation_items_texter_idx`.execute(db);
  await sql`create index moderation_items_texter_idx on moderation_items (texter_id)`.execute(db);
  for (const [table, column] of USER_LINKS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.raw(`${table}_${column}_fkey`)}
      foreign key (${sql.ref(column)}) references users (id) on delete set null`.execute(db);
  }
}
