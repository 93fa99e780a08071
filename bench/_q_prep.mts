import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
const e = await startEmbeddedPostgres({ dataDir: path.join('/tmp/qbench', 'parley-bench-postgres'), database: 'postgres' });
const c = new pg.Client({ connectionString: e.url });
await c.connect();
for (const q of process.argv.slice(2)) console.log(q, (await c.query(q)).rows);
await c.end();
await e.release();
