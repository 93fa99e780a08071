import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../harness/db.js';

/** The role reports run as may read domain data but no secret, and may write nothing. */
const testDb = setupTestDatabase();

async function asReports<T>(work: (q: (text: string) => Promise<T>) => Promise<T>): Promise<T> {
  const client = await testDb.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local role parley_reports');
    return await work(async (text) => (await client.query(text)).rows as T);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('parley_reports role', () => {
  it('exists with login and reads users without their password hashes', async () => {
    const role = await sql<{ rolcanlogin: boolean; rolsuper: boolean }>`
      select rolcanlogin, rolsuper from pg_roles where rolname = 'parley_reports'`.execute(testDb.db);
    expect(role.rows[0]).toEqual({ rolcanlogin: true, rolsuper: false });
    const rows = await asReports((q) => q('select id, email, role from users'));
    expect(rows).toEqual([]);
  });

  it.each([
    ['select password_hash from users', /permission denied/],
    ['select * from sessions', /permission denied/],
    ['select * from login_failures', /permission denied/],
    ["insert into app_meta (key, value) values ('x', '1')", /permission denied/],
    ["update users set name = 'x'", /permission denied/],
  ])('refuses %s', async (statement, error) => {
    await expect(asReports((q) => q(statement))).rejects.toThrow(error);
  });
});
