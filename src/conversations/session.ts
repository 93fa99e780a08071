import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/rows.js';
import type { PhaseClock } from './clock.js';

/**
 * One pooled connection holding one transaction, usable both through Kysely (`db`) and raw
 * (`client`, for COPY streams and cursors). Imports run on it so that a failure anywhere rolls
 * everything back.
 */
export interface Session {
  client: pg.PoolClient;
  db: Kysely<Database>;
}

/** A Kysely instance that runs every query on `client` (never releasing it). */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  const pool = {
    connect: async () => ({
      query: client.query.bind(client),
      release: () => undefined,
    }),
    end: async () => undefined,
  };
  // PARLEY_LOG_SQL_MS=N prints statements of the import slower than N ms to stderr (profiling).
  const slow = Number(process.env.PARLEY_LOG_SQL_MS ?? Number.NaN);
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as never }),
    log: Number.isFinite(slow)
      ? (event) => {
          if (event.queryDurationMillis >= slow) {
            const text = event.query.sql.replace(/\s+/g, ' ').slice(0, 160);
            process.stderr.write(`[sql ${Math.round(event.queryDurationMillis)} ms] ${text}\n`);
          }
        }
      : undefined,
  });
}

/**
 * Runs `work` in one transaction on one connection of `pool`: committed when it resolves, rolled
 * back when it throws. `begin` is the transaction's opening statement; `clock` times the commit.
 */
export async function withSession<T>(
  pool: pg.Pool,
  work: (session: Session) => Promise<T>,
  begin = 'begin',
  clock?: PhaseClock,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await work({ client, db: kyselyOnClient(client) });
    const start = performance.now();
    await client.query('commit');
    clock?.add('commit', performance.now() - start);
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
