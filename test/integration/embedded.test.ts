import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/db/embedded.js';
import { exited, runCli, spawnCli, waitForOutput } from '../harness/cli.js';

/**
 * The zero-config path end to end: no DATABASE_URL, `parley serve` starts PostgreSQL under the
 * data dir, loads the demo once, shares the server with CLI commands and a second `serve`,
 * stops it on SIGTERM, and recovers from a crash that left it running.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-embedded-'));
const postmasterPid = path.join(dataDir, 'postgres', 'postmaster.pid');
const children: ReturnType<typeof spawnCli>[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function serve(port: number) {
  const child = spawnCli(['serve'], { PARLEY_DATA_DIR: dataDir, PORT: String(port) });
  children.push(child);
  const output = await waitForOutput(child, /Parley is running at/);
  return { child, output };
}

function serverPid(): number {
  return Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
}

const alive = isAlive;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (existsSync(postmasterPid)) process.kill(serverPid(), 'SIGINT');
});

describe('embedded PostgreSQL', () => {
  let password = '';

  it('starts on a fresh data dir, prints the demo credentials once, and they sign in', async () => {
    const port = await freePort();
    const { child, output } = await serve(port);
    const match = /e-mail:\s+(\S+)\n\s+password:\s+(\S+)/.exec(output);
    expect(match?.[1]).toBe('admin@parley.example');
    password = match?.[2] ?? '';
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
