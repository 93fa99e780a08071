import pg from 'pg';

/**
 * Reports get their own small pools, one per database URL, so a slow report never takes a
 * connection the app's requests need, and at most a few reports run at once per database.
 */
const REPORT_POOL_SIZE = 4;
const pools = new Map<string, pg.Pool>();

export function reportPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: REPORT_POOL_SIZE,
      application_name: 'parley-reports',
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    pools.set(url, pool);
  }
  return pool;
}

export async function closeReportPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => undefined)));
}
