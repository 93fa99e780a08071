import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from './rows.js';

/**
 * The database's functions are not migrations: each is a .sql file beside the TypeScript that
 * calls it (trigger functions beside the code that owns their table), written with
 * `create or replace function`, and applied after the migrations on every migrate, so changing a
 * rule is editing its file. `create or replace` cannot change a function's arguments or result
 * columns: such a change needs a migration that drops the old function first.
 *
 * Listed explicitly (the build copies the files next to the compiled code). A SQL-language
 * function is checked when created, so a file comes after the files whose functions it calls.
 */
export const ROUTINE_FILES: readonly URL[] = [
  '../users/sessions-changed.sql',
  '../chatbot/row-guards.sql',
  '../chatbot/delivery/outbox-queued.sql',
  '../chatbot/drop-off/drop-off.sql',
  '../sources/spoke/csv/fields.sql',
  '../audit/pool/usual-need.sql',
  '../audit/batch-items.sql',
  '../audit/pool/assign-batch.sql',
  '../audit/pool/pool-upkeep.sql',
  '../moderation/rules/flag-matches.sql',
].map((file) => new URL(file, import.meta.url));

/** Creates or replaces every routine, in one transaction; safe to run concurrently. */
export async function applyRoutines(db: Kysely<Database>): Promise<void> {
  const files = await Promise.all(
    ROUTINE_FILES.map(async (url) => ({ path: fileURLToPath(url), text: await readFile(url, 'utf8') })),
  );
  await db.transaction().execute(async (trx) => {
    // Two processes replacing the same function at once would fail with "tuple concurrently updated".
    await sql`select pg_advisory_xact_lock(hashtext('parley_routines'))`.execute(trx);
    for (const file of files) {
      try {
        // Without parameters the whole file goes as one simple query: every statement in it runs.
        await sql.raw(file.text).execute(trx);
      } catch (error) {
        throw new Error(`routine file ${file.path}: ${(error as Error).message}`);
      }
    }
  });
}

export interface DeclaredFunction {
  name: string;
  /** The text between the dollar quotes: what PostgreSQL keeps as the function's source. */
  body: string;
}

/** The functions a routine file declares, in order. */
export function declaredFunctions(text: string): DeclaredFunction[] {
  const declaration =
    /create\s+or\s+replace\s+function\s+([a-z_][a-z0-9_]*)\s*\([\s\S]*?\bas\s+(\$[a-z_]*\$)([\s\S]*?)\2/gi;
  return [...text.matchAll(declaration)].map((match) => ({ name: match[1]!, body: match[3]! }));
}
