import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';

const testDb = setupTestDatabase();
const env = () => ({ DATABASE_URL: testDb.url, PARLEY_SECRET: 's'.repeat(40) });

describe('parley CLI', () => {
  it('adds a user with a password from stdin, lists and disables it', async () => {
    const add = await runCli(
      [
        'user',
        'add',
        '--email',
        'Lia@Example.org',
        '--role',
        'moderator',
        '--name',
        'Lia',
        '--password-stdin',
      ],
      env(),
      'a strong password\n',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^created moderator Lia@Example.org \(id \d+\)\n$/);

    const list = await runCli(['user', 'list', '--json'], env());
    const users = JSON.parse(list.stdout) as { email: string; disabled: boolean; password_hash?: string }[];
    expect(users).toEqual([
      expect.objectContaining({ email: 'Lia@Example.org', role: 'moderator', disabled: false }),
    ]);
    expect(users[0]).not.toHaveProperty('password_hash');

    const disable = await runCli(['user', 'disable', 'lia@example.org'], env());
    expect(disable).toMatchObject({ code: 0, stdout: 'disabled Lia@Example.org\n' });
    const table = await runCli(['user', 'list'], env());
    expect(table.stdout).toMatch(/Lia@Example.org\s+Lia\s+moderator\s+disabled\s+never/);
  });

  it('prints a generated password when none is given on stdin', async () => {
    const add = await runCli(['user', 'add', '--email', 'gen@example.org', '--role', 'auditor'], env());
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/\npassword: \S{20,}\n$/);
  });

  it('invites a user in their language: the e-mail is queued and the list says "invited"', async () => {
    const args = ['user', 'add', '--email', 'convite@example.org', '--role', 'auditor', '--invite'];
    const add = await runCli([...args, '--language', 'pt-BR', '--invited-by', 'Coordenação'], env());
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/^invited auditor convite@example.org \(id \d+\): the e-mail is queued\n$/);
    const mail = await testDb.db
      .selectFrom('email_outbox')
      .select(['to_address', 'locale', 'subject', 'kind'])
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ to_address: 'convite@example.org', locale: 'pt-BR', kind: 'invitation' });
    expect(mail.subject).toContain('Coordenação');
    const table = await runCli(['user', 'list'], env());
    expect(table.stdout).toMatch(/convite@example.org\s+auditor\s+invited\s+never/);
    const bad = await runCli(
      [...args.slice(0, 3), 'x@example.org', '--role', 'auditor', '--language', 'fr'],
      env(),
    );
    expect(bad.stderr).toBe('parley: --language must be one of en, pt-BR (got "fr")\n');
  });

  it.each([
    [
      ['user', 'add', '--email', 'lia@example.org', '--role', 'auditor'],
      'parley: A user with e-mail lia@example.org already exists.',
    ],
    [
      ['user', 'add', '--email', 'nope', '--role', 'auditor'],
      'parley: --email "nope" is not an e-mail address',
    ],
    [['user', 'disable', 'ghost@example.org'], 'parley: User ghost@example.org not found.'],
  ])('fails with one clear line: %j', async (args, line) => {
    const result = await runCli(args, env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(line);
  });

  it('rejects a short password from stdin', async () => {
    const result = await runCli(
      ['user', 'add', '--email', 'p@example.org', '--role', 'admin', '--password-stdin'],
      env(),
      'short',
    );
    expect(result).toMatchObject({
      code: 1,
      stderr: 'parley: the password must be at least 10 characters long\n',
    });
  });

  it('fails at start with one line on bad configuration or an unreachable database', async () => {
    const port = await runCli(['migrate'], { ...env(), PORT: 'abc' });
    expect(port).toMatchObject({
      code: 1,
      stderr: 'parley: configuration error: PORT must be a whole number from 1 to 65535 (got "abc")\n',
    });
    const unreachable = await runCli(['migrate'], {
      ...env(),
      DATABASE_URL: 'postgres://u:pw@127.0.0.1:1/x',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(
      'parley: cannot connect to postgres://u:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('writes the demo admin password to a file of the data dir instead of printing it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-cli-demo-'));
    const demo = await runCli(['demo'], { ...env(), PARLEY_DATA_DIR: dataDir });
    expect(demo.code).toBe(0);
    const file = path.join(dataDir, 'demo-admin.txt');
    expect(demo.stdout).toBe(`demo data loaded\ndemo admin: admin@parley.example\npassword: in ${file}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = /^password: (\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
    expect(password).toMatch(/^\S{12,}$/);
    expect(demo.stdout + demo.stderr).not.toContain(password);
  });

  it('migrates idempotently and has --help on every command', async () => {
    expect(await runCli(['migrate'], env())).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
    const help = await runCli(['user', 'add', '--help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--password-stdin');
    const top = await runCli(['--help'], env());
    for (const command of ['serve', 'worker', 'migrate', 'demo', 'user'])
      expect(top.stdout).toContain(command);
  });
});
