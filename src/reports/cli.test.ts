import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/harness/cli.js';
import { setupTestDatabase } from '../../test/harness/db.js';

/** `parley report list|run|import` against a real database. */
const testDb = setupTestDatabase();
const env = () => ({ DATABASE_URL: testDb.url, PARLEY_SECRET: 'test-secret-test-secret-test-secret!' });

// A report as pasted from the Data Explorer community site: header, comments, a list parameter.
const DATA_EXPLORER = `-- [params]
-- int_list :ns = 1,2,3
-- null string :label

-- Squares of some numbers
SELECT n, n * n AS square, coalesce(:label, 'none') AS label
FROM generate_series(1, 10) n
WHERE n IN (:ns)
ORDER BY n
`;

describe('parley report', () => {
  it('imports a Data Explorer file under its base name and runs it as a table, CSV and JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-report-'));
    const file = path.join(dir, 'Squares Report.sql');
    await writeFile(file, DATA_EXPLORER);
    const imported = await runCli(['report', 'import', file], env());
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('imported report squares-report\n');

    const csv = await runCli(
      ['report', 'run', 'squares-report', '--param', 'ns=2,3', '--format', 'csv'],
      env(),
    );
    expect(csv.stdout).toBe('n,square,label\r\n2,4,none\r\n3,9,none\r\n');

    const json = await runCli(
      ['report', 'run', 'squares-report', '--param', 'ns=4', '--param', 'label=x', '--format', 'json'],
      env(),
    );
    expect(JSON.parse(json.stdout)).toEqual([{ n: 4, square: 16, label: 'x' }]);

    const table = await runCli(['report', 'run', 'squares-report'], env());
    expect(table.stdout).toBe(
      'n  square  label\n-  ------  -----\n1  1       none\n2  4       none\n3  9       none\n',
    );
    expect(table.stderr).toMatch(/^3 rows in \d+ ms\n$/);

    const list = await runCli(['report', 'list'], env());
    expect(list.stdout).toMatch(/^chatbot-funnel\tbuilt-in\tChatbot funnel$/m);
    expect(list.stdout).toMatch(/^squares-report\tsaved\tsquares-report$/m);
  }, 120_000);

  it('prints every problem on one line and exits non-zero', async () => {
    const bad = await runCli(['report', 'run', 'squares-nope'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('parley: Report not found.\n');
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-report-'));
    const file = path.join(dir, 'bad.sql');
    await writeFile(file, '-- [params]\n-- date :d\nselect 1');
    const imported = await runCli(['report', 'import', file], env());
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/problems/);
  }, 120_000);
});
