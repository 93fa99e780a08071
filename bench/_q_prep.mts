import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';

const e = await startEmbeddedPostgres({
  dataDir: path.join('/tmp/qbench', 'parley-bench-postgres'),
  database: 'postgres',
});
const u = new URL(e.url);
if (process.env.QDB) u.pathname = '/' + process.env.QDB;
const c = new pg.Client({ connectionString: u.toString() });
await c.connect();
for (const q of process.argv.slice(2)) {
  const r = await c.query(q);
  const rows = Array.isArray(r) ? r.flatMap((x) => x.rows) : r.rows;
  console.log('>>', q.slice(0, 80));
  for (const row of rows) console.log(Object.values(row).join(' | '));
}
await c.end();
await e.release();
