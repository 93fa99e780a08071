import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, OS_USER } from '../../src/db/embedded.js';
import { openDatabase } from '../../src/db/index.js';
import { exited, freePort, runCli, spawnCli, waitForOutput } from '../harness/cli.js';

/**
 * The zero-config path end to end: no DATABASE_URL, `parley serve` starts PostgreSQL under the
 * data dir, loads the demo once, shares the server with CLI commands and a second `serve`,
 * stops it on SIGTERM, and recovers from a crash that left it running.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-embedded-'));
const postmasterPid = path.join(dataDir, 'postgres', 'postmaster.pid');
const children: ReturnType<typeof spawnCli>[] = [];

async function serve(port: number) {
  const child = spawnCli(['serve'], { PARLEY_DATA_DIR: dataDir, PORT: String(port) });
  children.push(child);
  const output = await waitForOutput(child, /Parley is running at/);
  return { child, output };
}

function serverPid(): number {
  return Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
}

/** The cluster's superuser, for what a test must look at or stage from outside Parley. */
async function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const port = Number(readFileSync(postmasterPid, 'utf8').split('\n')[3]);
  const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
  const client = new pg.Client({
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/parley`,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const asRoot = process.getuid?.() === 0;
const uidOf = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
/** The real uid a process runs as (Linux). */
const processUid = (pid: number) =>
  Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const hasUser = (user: string) => {
  try {
    uidOf(user);
    return true;
  } catch {
    return false;
  }
};

/** Objects in Parley's database (its own tables, functions and the job queue's) not owned by the app role. */
const notOwnedByApp = (client: pg.Client) =>
  client
    .query<{ name: string }>(`
      select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('public', 'graphile_worker') and c.relowner <> 'parley_app'::regrole
      union all
      select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'graphile_worker') and p.proowner <> 'parley_app'::regrole
      union all
      select datname from pg_database where datname = 'parley' and datdba <> 'parley_app'::regrole`)
    .then((result) => result.rows.map((row) => row.name));

const alive = isAlive;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (existsSync(postmasterPid)) process.kill(serverPid(), 'SIGINT');
});

describe('embedded PostgreSQL', () => {
  let password = '';

  it('starts on a fresh data dir, tells once where the demo credentials are, and they sign in', async () => {
    const port = await freePort();
    const { child, output } = await serve(port);
    // The password is in a file only the owner can read, never on stdout (and so in no log).
    const file = path.join(dataDir, 'demo-admin.txt');
    expect(output).toMatch(/e-mail:\s+admin@parley\.example\n/);
    expect(output).toContain(`password: in ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    password = /^password: (\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    expect(password).toMatch(/^\S{12,}$/);
    expect(output).not.toContain(password);
    expect(output).toContain(`Parley is running at http://localhost:${port}`);

    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.example', password }),
    });
    expect(login.status).toBe(200);

    // A CLI command joins the running server instead of starting a second one.
    const pid = serverPid();
    const list = await runCli(['user', 'list'], { PARLEY_DATA_DIR: dataDir });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('admin@parley.example');
    expect(serverPid()).toBe(pid);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(existsSync(postmasterPid)).toBe(false);
    expect(alive(pid)).toBe(false);
  });

  it('lets two servers share one data dir, and recovers a server left running by a crash', async () => {
    const [a, b] = await Promise.all([serve(await freePort()), serve(await freePort())]);
    expect(a.output + b.output).not.toContain('password:');
    const pid = serverPid();

    a.child.kill('SIGKILL');
    await exited(a.child);
    b.child.kill('SIGKILL');
    await exited(b.child);
    expect(alive(pid)).toBe(true);

    const port = await freePort();
    const again = await serve(port);
    expect(serverPid()).toBe(pid);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.example', password }),
    });
    expect(login.status).toBe(200);

    again.child.kill('SIGINT');
    expect(await exited(again.child)).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(existsSync(postmasterPid)).toBe(false);
  });

  it('connects the app as a role that is no superuser, runs the server as its own user, logs no data', async () => {
    const { child } = await serve(await freePort());
    // The app's own pool, as `parley serve` and every command open it (joining the running server).
    const handle = await openDatabase({ databaseUrl: null, dataDir, poolSize: 2 });
    try {
      const { rows } = await handle.pool.query<{ rolsuper: boolean; rolcreaterole: boolean; user: string }>(
        'select rolsuper, rolcreaterole, current_user as user from pg_roles where rolname = current_user',
      );
      expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, user: 'parley_app' }]);
      await expect(handle.pool.query("copy (select 1) to program 'true'")).rejects.toThrow(
        /permission denied|must be superuser/i,
      );
      expect(await asSuperuser(notOwnedByApp)).toEqual([]);
      // The first migration, run by the app role, still set up the read-only reports role.
      const reports = await handle.pool.query(`
        select has_table_privilege('parley_reports', 'campaigns', 'select') as campaigns,
               has_table_privilege('parley_reports', 'sessions', 'select') as sessions,
               pg_has_role('parley_app', 'parley_reports', 'member') as member`);
      expect(reports.rows).toEqual([{ campaigns: true, sessions: false, member: true }]);
      // Reports log in as that role: there is no other role for a query to switch to.
      const asReports = new pg.Client({ connectionString: handle.reportsUrl });
      await asReports.connect();
      try {
        expect((await asReports.query('select current_user as user')).rows).toEqual([
          { user: 'parley_reports' },
        ]);
        await expect(asReports.query("select set_config('role', 'parley_app', false)")).rejects.toThrow(
          /permission denied to set role/,
        );
        await expect(asReports.query('select count(*) from sessions')).rejects.toThrow(/permission denied/);
      } finally {
        await asReports.end();
      }

      // Failing statements that quote a phone number: in the statement, the error's message,
      // its DETAIL (a duplicate key) and its CONTEXT (the COPY line that did not fit).
      const phone = '+15550107788';
      await expect(handle.pool.query(`select '${phone}'::int`)).rejects.toThrow(/out of range/);
      const client = await handle.pool.connect();
      try {
        await client.query('create temporary table phones (phone text primary key)');
        await expect(client.query(`insert into phones values ('${phone}'), ('${phone}')`)).rejects.toThrow(
          /duplicate key/,
        );
        const copy = client.query(copyFrom('copy phones from stdin'));
        const failed = new Promise((resolve) => copy.on('error', resolve));
        copy.end(`${phone}\textra column\n`);
        expect(String(await failed)).toMatch(/extra data after last expected column/);
      } finally {
        client.release(true);
      }
    } finally {
      await handle.close();
    }
    const serverLog = readFileSync(path.join(dataDir, 'postgres', 'server.log'), 'utf8');
    expect(serverLog).toMatch(/database system is ready to accept connections/);
    expect(serverLog).not.toContain('5550107788');

    if (asRoot) {
      expect(processUid(serverPid())).toBe(uidOf(OS_USER));
      expect(statSync(path.join(dataDir, 'postgres')).uid).toBe(uidOf(OS_USER));
    }
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('takes over a data dir from a version that ran as superuser (and as the system user postgres)', async () => {
    const first = await serve(await freePort());
    // What an older Parley left: everything owned by the superuser.
    // The running server's worker holds locks too: a deadlock aborts one side, so try again.
    await retryOnDeadlock(() =>
      asSuperuser((client) => client.query('reassign owned by parley_app to postgres')),
    );
    expect(await asSuperuser(notOwnedByApp)).not.toEqual([]);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const movedFromPostgres = asRoot && hasUser('postgres');
    if (movedFromPostgres) execFileSync('chown', ['-R', 'postgres:postgres', path.join(dataDir, 'postgres')]);

    const port = await freePort();
    const again = await serve(port);
    expect(await asSuperuser(notOwnedByApp)).toEqual([]);
    if (movedFromPostgres) {
      expect(processUid(serverPid())).toBe(uidOf(OS_USER));
      expect(statSync(path.join(dataDir, 'postgres', 'PG_VERSION')).uid).toBe(uidOf(OS_USER));
    }
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.example', password }),
    });
    expect(login.status).toBe(200);
    const list = await runCli(['user', 'list'], { PARLEY_DATA_DIR: dataDir });
    expect(list.code).toBe(0);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
  });

  it('recovers after PostgreSQL itself was killed and left a stale postmaster.pid', async () => {
    const first = await serve(await freePort());
    const pid = serverPid();
    first.child.kill('SIGKILL');
    await exited(first.child);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(postmasterPid)).toBe(true);

    const port = await freePort();
    const again = await serve(port);
    expect(serverPid()).not.toBe(pid);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
    expect(existsSync(postmasterPid)).toBe(false);
  });
});

async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error;
    }
  }
}
