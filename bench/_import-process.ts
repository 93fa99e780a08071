import { Kysely, PostgresDialect } from 'kysely';
import { refreshPool } from '../src/audit/pool/refresh-pool.js';
import { createPool } from '../src/db/index.js';
import type { Database } from '../src/db/rows.js';
import { importSpokeCsv } from '../src/sources/spoke/csv/import-spoke-csv.js';
import { fileSource } from '../src/sources/spoke/csv/sources.js';

/**
 * One import in a process of its own, as `parley import spoke-csv` runs it: `node --import tsx
 * _import-process.ts URL FILE…`. Prints one JSON line: the import's seconds (with the pool refresh
 * after it) and the process's peak resident set, which no earlier work of the bench inflates.
 */
const [url, ...paths] = process.argv.slice(2);
if (!url || paths.length === 0) throw new Error('usage: _import-process.ts DATABASE_URL FILE…');
const pool = createPool(url, 4, 'parley-bench-import');
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
try {
  const files = await Promise.all(paths.map((file) => fileSource(file)));
  const t0 = performance.now();
  await importSpokeCsv({ pool, source: 'bench', files, onProgress: () => undefined });
  await refreshPool(db, new Date(), 'pending');
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  await db.destroy();
}
