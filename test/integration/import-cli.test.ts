import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';
import { createSpokeDatabase, type SpokeDatabase } from '../harness/spoke.js';
import { storeCounts } from '../harness/store.js';

const testDb = setupTestDatabase();
const env = () => ({ DATABASE_URL: testDb.url, PARLEY_SECRET: 's'.repeat(40) });
const csv = (name: string) => path.join(packageRoot, 'test/fixtures/spoke-csv', name);

describe('parley import', () => {
  let spoke: SpokeDatabase;
  beforeAll(async () => {
    spoke = await createSpokeDatabase('statevoices');
  });
  afterAll(() => spoke.drop());

  it('imports a Spoke database, then only what changed', async () => {
    const first = await runCli(['import', 'spoke', '--from', spoke.url], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^read from Spoke \(statevoices\): campaign 2, user 2, campaign_contact 5, message 8,/,
    );
    expect(first.stdout).toMatch(
      /source "spoke" \(import \d+\): conversations: 5 new; messages: 8 new; texters: 2 new; campaigns: 2 new; opt-outs: 1 new\n$/,
    );
    // The URL from the environment (--from-env): the password stays out of the process list.
    const again = await runCli(['import', 'spoke', '--from-env', 'SPOKE_URL'], {
      ...env(),
      SPOKE_URL: spoke.url,
    });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: nothing changed\n$/);
  });

  it('imports CSV exports and lists what it found', async () => {
    const result = await runCli(
      [
        'import',
        'spoke-csv',
        '--source',
        'csv',
        csv('gotv-legacy.csv'),
        csv('gotv-legacy-messages.csv'),
        csv('convo.csv'),
      ],
      env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'gotv-legacy.csv: legacy contacts file, 3 rows, paired with gotv-legacy-messages.csv',
      'gotv-legacy-messages.csv: legacy messages file, 4 rows, paired with gotv-legacy.csv',
      'convo.csv: convo convo file, 5 rows',
    ]);
    expect(lines[3]).toMatch(
      /^source "csv" \(import \d+\): conversations: 6 new; messages: 9 new; texters: 4 new; campaigns: 3 new$/,
    );
    expect(lines.slice(4)).toEqual(['']);
  });

  it('rejects bad files whole, listing each bad row, with one last line', async () => {
    const before = await storeCounts(testDb.db);
    const result = await runCli(
      ['import', 'spoke-csv', csv('bad/values.csv'), csv('bad/values-messages.csv')],
      env(),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'values.csv:2: optedOut: not true or false ("maybe")',
      'values.csv:2: updated_at: unparseable date ("2024-02-30 11:00:00+00")',
      'values.csv:3: cell: not a phone number ("not a phone")',
      'values.csv:5: id: missing value',
      'values-messages.csv:2: is_from_contact: not true or false ("yes please")',
      'values-messages.csv:3: attempted_at: unparseable date ("yesterday")',
      'values-messages.csv:4: campaign_contact_id: missing value',
      'parley: import rejected, nothing was changed: 6 rows, 7 problems; first: values.csv:2 (optedOut): not true or false',
      '',
    ]);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it.each([
    [
      ['import', 'spoke-csv', '--source', 'Bad Name', 'x.csv'],
      'parley: --source "Bad Name" must be lower-case letters, digits, ".", "_" or "-" (up to 63)',
    ],
    [['import', 'spoke-csv', 'missing.csv'], 'parley: cannot read missing.csv: no such file'],
    [
      ['import', 'spoke-csv', '--country', 'XX', 'x.csv'],
      'parley: --country "XX" is not a two-letter country code such as US or BR',
    ],
    [
      ['import', 'spoke', '--from', 'mysql://x'],
      'parley: --from must be a postgres:// URL of the Spoke database',
    ],
    [['import', 'spoke'], 'parley: give the Spoke database with either --from URL or --from-env NAME'],
    [
      ['import', 'spoke', '--from', 'postgres://h/db', '--from-env', 'SPOKE_URL'],
      'parley: give the Spoke database with either --from URL or --from-env NAME',
    ],
    [
      ['import', 'spoke', '--from-env', 'PARLEY_TEST_UNSET_URL'],
      'parley: the environment variable PARLEY_TEST_UNSET_URL (--from-env) is not set or empty',
    ],
    [
      // An unencoded "/" in the password: refused without echoing any of it.
      ['import', 'spoke', '--from', 'postgres://spoke:ab/cd@127.0.0.1/spoke'],
      'parley: --from is not a valid URL (percent-encode any / ? # @ : in the user name or password, e.g. / as %2F)',
    ],
  ])('fails with one clear line: %j', async (args, line) => {
    const result = await runCli(args, env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(line);
  });

  it('names an unreachable Spoke database without its credentials, on screen and in the record', async () => {
    for (const url of [
      'postgres://spokeuser:secret@127.0.0.1:1/spoke',
      'postgres://spokeuser@127.0.0.1:1/spoke?password=secret&sslpassword=secret',
      'postgres://spokeuser:se%2Fcret@127.0.0.1:1/spoke',
    ]) {
      const result = await runCli(['import', 'spoke', '--from-env', 'SPOKE_URL'], {
        ...env(),
        SPOKE_URL: url,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^parley: cannot connect to the Spoke database at 127\.0\.0\.1:1\/spoke: /,
      );
      expect(result.stderr).not.toMatch(/secret|se%2Fcret|spokeuser/);
      const stored = await testDb.db
        .selectFrom('imports')
        .select(['message', 'options'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(stored.message).toMatch(/^cannot connect to the Spoke database at 127\.0\.0\.1:1\/spoke: /);
      expect(JSON.stringify(stored)).not.toMatch(/secret|se%2Fcret|spokeuser/);
    }
  });

  it('tells how to keep the password out of ps in --help', async () => {
    const help = await runCli(['import', 'spoke', '--help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from-env <name>');
    expect(help.stdout).toContain('parley import spoke --from-env SPOKE_URL');
  });
});
