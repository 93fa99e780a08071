import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/rows.js';
import { Invalid } from '../errors.js';

/** A source is one Spoke instance; its name must match the `sources.name` check. */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
export const DEFAULT_SOURCE = 'spoke';

export class InvalidSourceName extends Invalid {
  constructor(value: string) {
    super(
      `source name "${value}" must be lower-case letters, digits, ".", "_" or "-" (up to 63, starting with a letter or digit)`,
      { value },
      'invalid_source_name',
    );
  }
}

/** The id of the source named `name`, created on first use. */
export async function ensureSource(db: Kysely<Database>, name: string): Promise<number> {
  if (!SOURCE_NAME.test(name)) throw new InvalidSourceName(name);
  const row = await db
    .insertInto('sources')
    .values({ name })
    .onConflict((oc) => oc.column('name').doUpdateSet({ name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSourceByName(db: Kysely<Database>, name: string) {
  return db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The first key of the import locks (the second is the source id). */
const IMPORT_LOCK = sql`hashtext('parley_import_source')`;

/**
 * Serialises imports of one source across processes until the transaction ends: two imports
 * of the same Spoke instance would otherwise race on the same keys and sync positions.
 */
export async function lockSource(db: Kysely<Database>, sourceId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, ${sourceId}::integer)`.execute(db);
}

/**
 * Takes every source's import lock (lockSource), in id order, until the transaction ends: an
 * import holding one finishes first. A caller that also locks other rows takes these first, so
 * that it holds nothing others wait for while it waits for an import.
 */
export async function lockAllSources(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, s.id) from (select id from sources order by id) s`.execute(
    db,
  );
}

export async function readSyncState(
  db: Kysely<Database>,
  sourceId: number,
): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('sources')
    .select('sync_state')
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return (row.sync_state ?? {}) as Record<string, unknown>;
}

export async function writeSyncState(
  db: Kysely<Database>,
  sourceId: number,
  state: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('sources')
    .set({ sync_state: JSON.stringify(state), last_synced_at: at })
    .where('id', '=', sourceId)
    .execute();
}
