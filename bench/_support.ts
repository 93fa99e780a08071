import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { createPool, type Db, migrate } from '../src/db/index.js';
import type { Database } from '../src/db/rows.js';
import { migrateJobs } from '../src/jobs/index.js';

export interface BenchDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
  /** Closes the connections and leaves the database for a later look (`--keep`). */
  keep(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on DATABASE_URL's server when set, else on an
 * embedded server in the temp folder. Dropped at the end.
 */
export async function benchDatabase(poolSize = 20): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.join(tmpdir(), 'parley-bench-postgres'),
        database: 'postgres',
      });
  const adminUrl = process.env.DATABASE_URL ?? embedded!.url;
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), poolSize, 'parley-bench');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db);
  await migrateJobs(pool);
  return {
    url: url.toString(),
    db,
    pool,
    async drop() {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await embedded?.release();
    },
    async keep() {
      await db.destroy();
      await admin.end();
      await embedded?.release();
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Prints a figure line for people; the last line of a benchmark is the JSON of all figures. */
export function report(label: string, value: string | number): void {
  process.stdout.write(`${label.padEnd(48)} ${value}\n`);
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
