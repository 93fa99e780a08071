/*
 * Run by export-memory.test.ts in its own process: exports a 1,000,000-row report as CSV through
 * the streamed export and prints one JSON line: rows, bytes and the highest RSS seen.
 */
import { Kysely, PostgresDialect } from 'kysely';
import { loadConfig } from '../../config.js';
import { createPool, type Db } from '../../db/index.js';
import type { Database } from '../../db/rows.js';
import { exportReport } from '../export.js';
import type { Report } from '../model.js';
import { closeReportPools } from '../runner/pools.js';

const url = process.env.EXPORT_DATABASE_URL ?? '';
const format = (process.env.EXPORT_FORMAT ?? 'csv') as 'csv' | 'json';
const db: Db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: createPool(url, 2, 'export-child') }),
});
const config = loadConfig({
  PARLEY_SECRET: 'test-secret-test-secret-test-secret!',
  PARLEY_DATA_DIR: '/nonexistent',
});
const report: Report = {
  name: 'million',
  title: 'A million rows',
  description: '',
  body: "select g as id, 'row number ' || g as label, now() as at, g * 1.5 as amount from generate_series(1, 1000000) g",
  sourceId: null,
  searchPath: null,
  timeoutSeconds: 600,
  runRoles: [],
  builtin: false,
  updatedAt: null,
};

const startRss = process.memoryUsage().rss;
let maxRss = startRss;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 20);
const stream = await exportReport(
  { db, config, databaseUrl: url },
  { report, params: {}, actorId: null, via: 'export' },
  format,
);
let bytes = 0;
let lines = 0;
for await (const chunk of stream) {
  const buffer = chunk as Buffer;
  bytes += buffer.length;
  for (const byte of buffer) if (byte === 10) lines += 1;
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}
clearInterval(sampler);
await closeReportPools();
await db.destroy();
process.stdout.write(
  `${JSON.stringify({ lines, bytes, startRssMb: Math.round(startRss / 1048576), maxRssMb: Math.round(maxRss / 1048576) })}\n`,
);
