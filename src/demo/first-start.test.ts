import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { up as markDemoData } from '../db/migrations/2026_12_06_0100_demo_data_mark.js';
import { DEMO_ADMIN_EMAIL, demoWanted, initialiseOnFirstStart, saveDemoCredentials } from './index.js';

const testDb = setupTestDatabase();

const userCount = async () =>
  (
    await testDb.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('first start', () => {
  it('loads the demo by default on the embedded database only; PARLEY_DEMO=on forces it', () => {
    expect(demoWanted('auto', true)).toBe(true);
    expect(demoWanted('auto', false)).toBe(false);
    expect(demoWanted('on', false)).toBe(true);
    expect(demoWanted('on', true)).toBe(true);
    expect(demoWanted('off', true)).toBe(false);
  });

  it('leaves an external database empty under auto, and loads the demo there under on', async () => {
    const external = { db: testDb.db, pool: testDb.pool, embedded: false };
    expect(await initialiseOnFirstStart(external, 'auto')).toEqual({ admin: null, empty: true });
    expect(await userCount()).toBe(0);
    expect(await initialiseOnFirstStart(external, 'auto')).toBeNull();

    // The same first start again, now with PARLEY_DEMO=on.
    await testDb.db.deleteFrom('app_meta').where('key', '=', 'initialised').execute();
    const forced = await initialiseOnFirstStart(external, 'on');
    expect(forced?.admin?.email).toBe(DEMO_ADMIN_EMAIL);
    expect(await userCount()).toBe(1);
    // A first start shows the whole demo, the moderation queue included.
    const flags = await testDb.db
      .selectFrom('flags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(flags.n)).toBeGreaterThan(0);
  });

  it('finishes the demo data at the next start when a first start stopped midway', async () => {
    const external = { db: testDb.db, pool: testDb.pool, embedded: false };
    const flagCount = async () =>
      Number(
        (
          await testDb.db
            .selectFrom('flags')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const dropFlags = async () => {
      await testDb.db.deleteFrom('moderation_history').execute();
      await testDb.db.deleteFrom('flags').execute();
      await testDb.db.deleteFrom('moderation_items').execute();
    };
    if ((await userCount()) === 0) await initialiseOnFirstStart(external, 'on');
    expect(await flagCount()).toBeGreaterThan(0);
    // As a start stopped after the demo admin and bot, before the flags and the mark of the end.
    await dropFlags();
    await testDb.db.deleteFrom('app_meta').where('key', '=', 'demo_data').execute();
    expect(await initialiseOnFirstStart(external, 'on')).toBeNull();
    expect(await flagCount()).toBeGreaterThan(0);
    // Once finished, later starts leave the data alone (what a user deleted stays deleted).
    await dropFlags();
    expect(await initialiseOnFirstStart(external, 'on')).toBeNull();
    expect(await flagCount()).toBe(0);
  });

  it('marks the demo data done on instances that loaded it before the mark existed, only those', async () => {
    const meta = () => testDb.db.selectFrom('app_meta').select('key').orderBy('key').execute();
    for (const how of ['existing', 'demo']) {
      await testDb.db.deleteFrom('app_meta').where('key', 'in', ['initialised', 'demo_data']).execute();
      await testDb.db
        .insertInto('app_meta')
        .values({ key: 'initialised', value: JSON.stringify({ how, at: '2026-12-01T00:00:00Z' }) })
        .execute();
      await markDemoData(testDb.db as unknown as Kysely<unknown>);
      const keys = (await meta()).map((row) => row.key);
      expect(keys.includes('demo_data')).toBe(how === 'demo');
    }
  });

  it("writes the demo admin's password to a file only its owner can read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-demo-'));
    const stale = path.join(dir, 'demo-admin.txt');
    writeFileSync(stale, 'old\n', { mode: 0o644 });
    const file = await saveDemoCredentials(dir, { email: DEMO_ADMIN_EMAIL, password: 'pw-1234567890' });
    expect(file).toBe(stale);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`e-mail: ${DEMO_ADMIN_EMAIL}\npassword: pw-1234567890\n`);
  });
});
