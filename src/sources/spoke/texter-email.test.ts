import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { createSpokeDatabase, type SpokeDatabase } from '../../../test/harness/spoke.js';
import { packageRoot } from '../../paths.js';
import { importSpokeCsv } from './csv/import-spoke-csv.js';
import { fileSource } from './csv/sources.js';
import { importSpokeDb } from './db/import-spoke-db.js';

/**
 * Texters' e-mail addresses (feedback e-mails go to them, docs/feedback.md): every import that
 * carries one fills `texters.email`, and an admin's correction survives any re-import.
 */
const testDb = setupTestDatabase();
const fixture = (name: string) => fileSource(path.join(packageRoot, 'test/fixtures/spoke-csv', name));

async function emails(source: string): Promise<Record<string, string | null>> {
  const rows = await testDb.db
    .selectFrom('texters')
    .innerJoin('sources', 'sources.id', 'texters.source_id')
    .select(['texters.first_name', 'texters.email', 'texters.email_override'])
    .where('sources.name', '=', source)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.first_name, r.email_override ?? r.email]));
}

describe('texter e-mail addresses', () => {
  let spoke: SpokeDatabase;
  let t: TestApp;
  beforeAll(async () => {
    spoke = await createSpokeDatabase('statevoices');
    t = await buildTestApp(testDb.db);
  });
  afterAll(async () => {
    await t.close();
    await spoke.drop();
  });

  it('come from the Spoke database (user.email) and from CSV layouts that carry them', async () => {
    await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'sv-db' });
    expect(await emails('sv-db')).toEqual({ Ana: 'Ana@SV.example', Bo: 'bo@sv.example' });

    const rewiredDb = await createSpokeDatabase('rewired');
    try {
      await importSpokeDb({ pool: testDb.pool, from: rewiredDb.url, source: 'rw-db' });
      expect(await emails('rw-db')).toMatchObject({ Hana: 'hana@rw.example' });
    } finally {
      await rewiredDb.drop();
    }

    // StateVoices 10-column export: texterEmail; Rewired messages export: texter[email]; legacy: texter[email].
    await importSpokeCsv({
      pool: testDb.pool,
      source: 'sv-csv',
      files: [await fixture('gotv-sv10.csv'), await fixture('gotv-sv10-messages.csv')],
    });
    expect(await emails('sv-csv')).toEqual({ Gia: 'gia@sv10.example' });
    await importSpokeCsv({
      pool: testDb.pool,
      source: 'rw-csv',
      files: [await fixture('gotv-rewired.csv'), await fixture('gotv-rewired-messages.csv')],
    });
    expect(await emails('rw-csv')).toEqual({ Hana: 'hana@rw.example', Ivo: 'ivo@rw.example' });
    await importSpokeCsv({
      pool: testDb.pool,
      source: 'legacy-csv',
      files: [await fixture('gotv-legacy.csv'), await fixture('gotv-legacy-messages.csv')],
    });
    expect(await emails('legacy-csv')).toEqual({ Ana: 'ana@legacy.example', Bo: 'Bo@Legacy.example' });
  });

  it('keeps an admin’s correction over what a re-import brings', async () => {
    const bo = await testDb.db
      .selectFrom('texters')
      .innerJoin('sources', 'sources.id', 'texters.source_id')
      .select('texters.id')
      .where('sources.name', '=', 'sv-db')
      .where('texters.first_name', '=', 'Bo')
      .executeTakeFirstOrThrow();
    const { cookie } = await t.loginAs('admin');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/texters/${bo.id}`,
      headers: { cookie },
      payload: { email: 'bo.fixed@example.org' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({
      id: bo.id,
      name: 'Bo Texter',
      email: 'bo.fixed@example.org',
      imported_email: 'bo@sv.example',
      email_override: 'bo.fixed@example.org',
    });

    await spoke.query(`update "user" set email = 'bo.new@sv.example' where id = 2`);
    await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'sv-db' });
    const row = await testDb.db
      .selectFrom('texters')
      .select(['email', 'email_override'])
      .where('id', '=', bo.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: 'bo.new@sv.example', email_override: 'bo.fixed@example.org' });

    // Withdrawing the correction lets the imported address apply again.
    const withdrawn = await t.app.inject({
      method: 'PATCH',
      url: `/api/texters/${bo.id}`,
      headers: { cookie },
      payload: { email: null },
    });
    expect(withdrawn.json()).toMatchObject({ email: 'bo.new@sv.example', email_override: null });
  });
});
