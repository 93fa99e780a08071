import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { quickAddJob } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import {
  createUpload,
  findImport,
  putUploadFile,
  queueImport,
  runDbImport,
} from '../../src/sources/spoke/index.js';
import { createUser } from '../../src/users/index.js';
import { setupTestDatabase } from '../harness/db.js';
import { runQueuedJobs } from '../harness/jobs.js';
import { createSpokeDatabase, type SpokeDatabase } from '../harness/spoke.js';

/**
 * Once everything is past retention, no table of the public schema holds a
 * phone number Parley was given — contacts, opt-outs, import error rows, uploaded files included.
 */
const testDb = setupTestDatabase();
const fixture = (name: string) => readFile(path.join(packageRoot, 'test/fixtures/spoke-csv', name));

/** Contacts' numbers (national digits, so any formatting matches) of everything imported below. */
const OLD_PHONES = [
  // gotv-sv10.csv (imported), the Spoke database (imported, with an opt-out)
  ...['5555550001', '5555550002', '5555550003'],
  ...['5551110001', '5551110002', '5551110003', '5551110004', '5551110005'],
  // the rejected upload's bad rows, and the upload never run
  ...['5557770011', '5557770012', '5557770021'],
];
/** convo.csv, imported after the others were aged: within retention, so kept. */
const FRESH_PHONES = ['5553330001', '5553330002'];

const SV10_HEADER =
  // cell first: a raw line listed with an error is shortened, and must still show it
  'cell,id,campaign_id,campaign,assignment_id,optOutCampaign,optedOut,texterFirst,texterLast,texterEmail,texterCell,first_name,last_name,zip,external_id,message_status,created_at,updated_at,tags';
const REJECTED = [
  SV10_HEADER,
  // one field too many: listed with its raw line
  '+15557770011,801,80,Old,8000,false,false,Gia,Hill,gia@sv10.example,+15550000070,Ann,Bell,,,convo,2024-10-01 10:00:00+00,2024-10-02 11:00:00+00,,extra',
  // a bad value on a contact's row
  '+15557770012,802,80,Old,8000,false,maybe,Gia,Hill,gia@sv10.example,+15550000070,Bob,Cole,,,convo,2024-10-01 10:00:00+00,2024-10-02 11:00:00+00,',
  '',
].join('\n');
const REJECTED_MESSAGES = [
  'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code',
  '802,80,+15559990000,+15557770012,false,DELIVERED,2024-10-02T10:00:00.000Z,Hi Bob,',
  '',
].join('\n');
const NEVER_RUN = [
  SV10_HEADER,
  '+15557770021,901,90,Idle,9000,false,false,Gia,Hill,gia@sv10.example,+15550000070,Cy,Dunn,,,convo,2024-10-01 10:00:00+00,2024-10-02 11:00:00+00,',
  '',
].join('\n');

/** Every `table.column` of the public schema whose value (as text, digits only) holds one of `phones`. */
async function columnsHolding(phones: readonly string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(testDb.db);
  expect(columns.length).toBeGreaterThan(50);
  const pattern = phones.join('|');
  const found: string[] = [];
  for (const { table_name, column_name, data_type } of columns) {
    const column = sql.ref(column_name);
    const text = data_type === 'bytea' ? sql`encode(${column}, 'escape')` : sql`${column}::text`;
    const { rows } = await sql<{ hit: boolean }>`
      select exists (
        select 1 from ${sql.table(table_name)} where regexp_replace(${text}, '[^0-9]', '', 'g') ~ ${pattern}
      ) as hit`.execute(testDb.db);
    if (rows[0]!.hit) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

async function uploadAndRun(userId: number, source: string, files: [string, Buffer | string][], run = true) {
  const record = await createUpload(testDb.db, { source, startedBy: userId });
  for (const [name, body] of files)
    await putUploadFile(testDb.db, { importId: record.id, name, body: Readable.from([Buffer.from(body)]) });
  if (run) {
    await queueImport(testDb.db, record.id);
    await runQueuedJobs(testDb);
  }
  return record.id;
}

describe('retention leaves no personal data behind', () => {
  let spoke: SpokeDatabase;
  beforeAll(async () => {
    spoke = await createSpokeDatabase('statevoices');
  });
  afterAll(() => spoke.drop());

  it('erases contacts, opt-outs, import error rows and uploads past retention, in every table', async () => {
    const user = await createUser(testDb.db, {
      email: 'ret@example.org',
      role: 'admin',
      password: 'long password 1',
    });
    const imported = await uploadAndRun(user.id, 'old-csv', [
      ['gotv-sv10.csv', await fixture('gotv-sv10.csv')],
      ['gotv-sv10-messages.csv', await fixture('gotv-sv10-messages.csv')],
    ]);
    expect((await findImport(testDb.db, imported))!.status).toBe('succeeded');
    await runDbImport(
      { db: testDb.db, pool: testDb.pool, now: () => new Date(), log: { warn() {} } },
      { from: spoke.url, source: 'old-db', scope: { campaignIds: null, since: null } },
    );
    const rejected = await uploadAndRun(user.id, 'old-bad', [
      ['old-bad.csv', REJECTED],
      ['old-bad-messages.csv', REJECTED_MESSAGES],
    ]);
    expect((await findImport(testDb.db, rejected))!.status).toBe('failed');
    await uploadAndRun(user.id, 'old-idle', [['idle.csv', NEVER_RUN]], false);

    // Where the numbers are before retention: the scan finds them (it is not blind).
    expect(await columnsHolding(OLD_PHONES)).toEqual(
      expect.arrayContaining(['contacts.cell', 'opt_outs.cell', 'imports.errors', 'import_file_chunks.data']),
    );

    // Everything so far happened 400 days ago.
    const ago = sql`make_interval(days => 400)`;
    await sql`update conversations set last_message_at = last_message_at - ${ago}, imported_at = imported_at - ${ago},
                     first_message_at = first_message_at - ${ago}`.execute(testDb.db);
    await sql`update messages set sent_at = sent_at - ${ago}`.execute(testDb.db);
    await sql`update audit_pool set last_message_at = last_message_at - ${ago}, added_at = added_at - ${ago}`.execute(
      testDb.db,
    );
    await sql`update opt_outs set created_at = created_at - ${ago}, stored_at = stored_at - ${ago}`.execute(
      testDb.db,
    );
    await sql`update imports set started_at = started_at - ${ago}, finished_at = finished_at - ${ago}`.execute(
      testDb.db,
    );
    await sql`update import_files set uploaded_at = uploaded_at - ${ago}`.execute(testDb.db);
    await sql`update audit_settings set data_retention_days = 30`.execute(testDb.db);

    // A recent import, within retention.
    await uploadAndRun(user.id, 'fresh', [['convo.csv', await fixture('convo.csv')]]);
    expect(await columnsHolding(FRESH_PHONES)).toContain('contacts.cell');

    await quickAddJob({ pgPool: testDb.pool }, 'audit_trim', {});
    await quickAddJob({ pgPool: testDb.pool }, 'uploads_purge', {});
    await runQueuedJobs(testDb);

    expect(await columnsHolding(OLD_PHONES)).toEqual([]);
    expect(await columnsHolding(FRESH_PHONES)).toContain('contacts.cell');
    // The records stay, without their details.
    expect(await findImport(testDb.db, rejected)).toMatchObject({
      status: 'failed',
      errors: [],
      message: 'failed; its details were erased after the data-retention period',
    });
    expect((await findImport(testDb.db, imported))!.status).toBe('succeeded');
  });
});
