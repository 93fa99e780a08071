import { execFile } from 'node:child_process';
import pg from 'pg';
const url = 'postgres://postgres@127.0.0.1:5432/test';
const pool = new pg.Pool({ connectionString: url, max: 2 });
await pool.query(`create temp table if not exists x as select 1`);
const q = `select g as id, 'row ' || g as label, now()::text as created_at, (g % 1000) * 1.25 as amount from generate_series(1,100000) g`;
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  await pool.query({ text: q, rowMode: 'array' });
  const a = performance.now() - t;
  t = performance.now();
  await pool.query({ text: q, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } as never });
  const b = performance.now() - t;
  t = performance.now();
  await new Promise((res, rej) => (await import('node:child_process')).default('node:child_process').execFile('psql', ['-X','-q','-A','-t','-o','/dev/null','-d',url,'-c',q], (e: unknown) => e ? rej(e) : res(null)));
  const c = performance.now() - t;
  console.log(Math.round(a), Math.round(b), Math.round(c));
}
await pool.end();
