import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { redact } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrations } from './migrations/index.js';
import { applyRoutines } from './routines.js';
import type { Database } from './rows.js';

export type { Database } from './rows.js';
export type Db = Kysely<Database>;

// Return int8 (counts, bigint ids) as numbers: Parley's counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// Keep `date` columns as 'YYYY-MM-DD' strings instead of shifting them into a local-time Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  /** The connection URL in use: DATABASE_URL, or the embedded cluster's app role (no superuser). */
  url: string;
  /**
   * Where reports on Parley's own data run: the embedded cluster's `parley_reports` login, or
   * with DATABASE_URL the same URL (runs then `SET LOCAL ROLE parley_reports`; docs/reports.md).
   */
  reportsUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  applicationName?: string;
  log?: (line: string) => void;
}

/** A database the app cannot reach: one clear line, no stack. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/**
 * Connects to DATABASE_URL, or starts (or joins) the embedded server under the data directory,
 * and checks the connection before returning.
 */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const embedded = options.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: options.dataDir, log: options.log });
  // The embedded cluster's app role, never its superuser: see embedded-roles.ts.
  const url = options.databaseUrl ?? embedded!.appUrl;
  const pool = createPool(url, options.poolSize ?? 10, options.applicationName ?? 'parley');
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.release();
    throw new DatabaseUnavailableError(`cannot connect to ${redact(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    url,
    reportsUrl: embedded?.reportsUrl ?? url,
    embedded: embedded !== null,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.release();
    },
  };
}

export function createPool(connectionString: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (database restart) must not crash the process: the query in
  // flight fails and the pool replaces the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Applies pending migrations, then creates or replaces every SQL routine from its file
 * (routines.ts). Safe to run concurrently.
 */
export async function migrate(db: Db): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` in ${failed.migrationName}` : '';
    throw new Error(`migration failed${where}: ${(error as Error).message ?? String(error)}`);
  }
  await applyRoutines(db);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
