import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { conversationsByKey, storeCounts, thread } from '../../../../test/harness/store.js';
import { packageRoot } from '../../../paths.js';
import { ImportRejected } from './errors.js';
import { importSpokeCsv } from './importSpokeCsv.js';
import { fileSource, textSource } from './sources.js';

const testDb = setupTestDatabase();
const fixture = (name: string) => fileSource(path.join(packageRoot, 'test/fixtures/spoke-csv', name));

async function run(source: string, ...names: string[]) {
  return importSpokeCsv({ pool: testDb.pool, source, files: await Promise.all(names.map(fixture)) });
}

/** Store counts of one source. */
async function countsOf(source: string): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    with s as (select id from sources where name = ${source}),
         c as (select c.* from conversations c join s on s.id = c.source_id)
    select (select count(*) from campaigns k join s on s.id = k.source_id)::int as campaigns,
           (select count(*) from texters t join s on s.id = t.source_id)::int as texters,
           (select count(*) from contacts p join s on s.id = p.source_id)::int as contacts,
           (select count(*) from c)::int as conversations,
           (select count(*) from messages m join c on c.id = m.conversation_id)::int as messages,
           (select count(*) from tags g join s on s.id = g.source_id)::int as tags,
           (select count(*) from conversation_tags t join c on c.id = t.conversation_id)::int as conversation_tags,
           (select count(*) from survey_questions q join campaigns k on k.id = q.campaign_id join s on s.id = k.source_id)::int
             as survey_questions,
           (select count(*) from survey_responses r join c on c.id = r.conversation_id)::int as survey_responses`.execute(
    testDb.db,
  );
  return rows[0] ?? {};
}

function changes(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([name]) => !name.endsWith('_orphaned'))
    .reduce((sum, [, n]) => sum + n, 0);
}

async function rejection(promise: Promise<unknown>): Promise<ImportRejected> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  return error as ImportRejected;
}

describe('CSV import, layout by layout', () => {
  it('imports the flat convo file', async () => {
    const result = await run('convo', 'convo.csv');
    expect(result.files).toEqual([
      { name: 'convo.csv', layout: 'convo', role: 'convo', rows: 5, pairedWith: null },
    ]);
    expect(await countsOf('convo')).toEqual({
      campaigns: 2,
      texters: 2,
      contacts: 3,
      conversations: 3,
      messages: 5,
      tags: 3,
      conversation_tags: 3,
      survey_questions: 2,
      survey_responses: 2,
    });
    const conversations = await conversationsByKey(testDb.db, 'convo');
    expect(conversations['c:50:+15553330001']).toMatchObject({
      campaign: 'Convo Campaign',
      message_count: 2,
      contact_replied: true,
      opted_out: false,
      tags: ['Spanish speaker'],
      responses: ['Will you vote?=Yes'],
    });
    // A cell without country code is read as a US number; a later row opts the contact out.
    expect(conversations['c:50:+15553330002']).toMatchObject({
      cell: '+15553330002',
      opted_out: true,
      message_count: 2,
    });
    expect(conversations['c:51:+15553330003']?.tags).toEqual(['Escalate', 'Wrong number']);
    // File order is kept when the file gives no times; text is stored exactly as written.
    expect(await thread(testDb.db, 'c:50:+15553330001', 'convo')).toEqual([
      '> [+15550000050] Hi Ana, will you vote?',
      '< Yes!\nSee you there',
    ]);
    expect(await thread(testDb.db, 'c:51:+15553330003', 'convo')).toEqual([
      '> [+15550000051] Hello "friend" <b>bold</b>',
    ]);
    const texters = await sql<{ spoke_key: string; cell: string }>`
      select t.spoke_key, t.cell from texters t join sources s on s.id = t.source_id where s.name = 'convo'
       order by t.spoke_key`.execute(testDb.db);
    expect(texters.rows).toEqual([
      { spoke_key: 'c:+15550000050', cell: '+15550000050' },
      { spoke_key: 'c:+15550000051', cell: '+15550000051' },
    ]);
  });

  it('imports the legacy pair', async () => {
    const result = await run('legacy', 'gotv-legacy.csv', 'gotv-legacy-messages.csv');
    expect(result.files.map((f) => [f.name, f.layout, f.role, f.rows, f.pairedWith])).toEqual([
      ['gotv-legacy.csv', 'legacy', 'contacts', 3, 'gotv-legacy-messages.csv'],
      ['gotv-legacy-messages.csv', 'legacy', 'messages', 4, 'gotv-legacy.csv'],
    ]);
    expect(await countsOf('legacy')).toEqual({
      campaigns: 1,
      texters: 2,
      contacts: 3,
      conversations: 3,
      messages: 4,
      tags: 1,
      conversation_tags: 1,
      survey_questions: 2,
      survey_responses: 3,
    });
    const conversations = await conversationsByKey(testDb.db, 'legacy');
    expect(conversations['c:60:+15554440001']).toMatchObject({
      name: 'Carla Souza',
      texter: 'Ana Texter',
      message_count: 2,
      contact_replied: true,
      first_message_at: '2024-10-02T15:00:00Z',
      tags: ['Spanish speaker'],
      responses: ['Will you vote?=Yes', 'Need a ride?=No thanks'],
    });
    expect(conversations['c:60:+15554440002']).toMatchObject({
      opted_out: true,
      message_count: 2,
      texter: 'Ana Texter',
    });
    expect(conversations['c:60:+15554440003']).toMatchObject({ message_count: 0, texter: 'Bo Texter' });
    // This layout names only the assignee, so messages have no sender.
    expect(await thread(testDb.db, 'c:60:+15554440001', 'legacy')).toEqual([
      '> Hi Carla, will you vote?',
      '< Yes',
    ]);
    const custom = await sql<{ custom_fields: unknown; external_id: string }>`
      select custom_fields, external_id from conversations where spoke_key = 'c:60:+15554440001'`.execute(
      testDb.db,
    );
    expect(custom.rows).toEqual([{ custom_fields: { county: 'SF' }, external_id: 'ext-1' }]);
    const texters = await sql<{ spoke_key: string }>`
      select t.spoke_key from texters t join sources s on s.id = t.source_id where s.name = 'legacy' order by 1`.execute(
      testDb.db,
    );
    expect(texters.rows.map((r) => r.spoke_key)).toEqual(['e:ana@legacy.example', 'e:bo@legacy.example']);
  });

  it('imports the StateVoices ≥ v10 pair, keyed by contact id', async () => {
    await run('sv10', 'gotv-sv10.csv', 'gotv-sv10-messages.csv');
    expect(await countsOf('sv10')).toEqual({
      campaigns: 1,
      texters: 1,
      contacts: 3,
      conversations: 3,
      messages: 5,
      tags: 1,
      conversation_tags: 1,
      survey_questions: 1,
      survey_responses: 1,
    });
    const conversations = await conversationsByKey(testDb.db, 'sv10');
    expect(Object.keys(conversations).sort()).toEqual(['701', '702', '703']);
    expect(conversations['701']).toMatchObject({
      texter: 'Gia Hill',
      message_count: 2,
      contact_replied: true,
      last_message_at: '2024-10-02T10:02:00Z',
      tags: ['Needs follow-up'],
      responses: ['Will you vote?=Yes'],
    });
    expect(conversations['702']).toMatchObject({ opted_out: true, is_opted_out: true, message_count: 3 });
    expect(conversations['703']).toMatchObject({ texter: null, message_count: 0 });
    const custom = await sql<{ custom_fields: unknown; updated_at: Date }>`
      select custom_fields, updated_at from conversations where spoke_key = '701'`.execute(testDb.db);
    expect(custom.rows).toEqual([
      { custom_fields: { county: 'Kings' }, updated_at: new Date('2024-10-02T11:00:00Z') },
    ]);
  });

  it('imports the Rewired pair, with each message naming its sender', async () => {
    await run('rewired-csv', 'gotv-rewired.csv', 'gotv-rewired-messages.csv');
    expect(await countsOf('rewired-csv')).toEqual({
      campaigns: 1,
      texters: 2,
      contacts: 2,
      conversations: 2,
      messages: 3,
      tags: 2,
      conversation_tags: 2,
      survey_questions: 1,
      survey_responses: 1,
    });
    const conversations = await conversationsByKey(testDb.db, 'rewired-csv');
    // The contacts file names no assignee: the latest outbound sender stands in.
    expect(conversations['c:80:+15556660001']).toMatchObject({
      texter: 'Hana Ito',
      tags: ['Needs follow-up', 'RESOLVED'],
      responses: ['Voting Tuesday?=Yes'],
    });
    expect(conversations['c:80:+15556660002']).toMatchObject({
      texter: 'Ivo Jun',
      opted_out: true,
      contact_replied: false,
    });
    expect(await thread(testDb.db, 'c:80:+15556660001', 'rewired-csv')).toEqual([
      '> [Hana] Hi Jo',
      '< Yes, at 8am',
    ]);
    const custom = await sql<{ custom_fields: unknown }>`
      select custom_fields from conversations where spoke_key = 'c:80:+15556660001'`.execute(testDb.db);
    expect(custom.rows).toEqual([{ custom_fields: { 'favorite color': 'blue' } }]);
  });
});

describe('CSV import of all layouts at once', () => {
  const all = [
    'convo.csv',
    'gotv-legacy-messages.csv',
    'gotv-legacy.csv',
    'gotv-sv10.csv',
    'gotv-sv10-messages.csv',
    'gotv-rewired-messages.csv',
    'gotv-rewired.csv',
  ];

  it('imports them together, and a second import changes nothing', async () => {
    const first = await run('all', ...all);
    expect(first.counts).toMatchObject({ conversations_inserted: 11, messages_inserted: 17 });
    expect(await countsOf('all')).toEqual({
      campaigns: 5,
      texters: 7,
      contacts: 11,
      conversations: 11,
      messages: 17,
      // Tags are keyed by name within a source: "Spanish speaker" and "Needs follow-up" are shared.
      tags: 5,
      conversation_tags: 7,
      survey_questions: 6,
      survey_responses: 7,
    });
    const before = await storeCounts(testDb.db);
    const again = await run('all', ...all);
    expect(changes(again.counts)).toBe(0);
    expect(again.refreshed).toBe(0);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('updates what changed in a new export', async () => {
    const edited = textSource(
      'gotv-sv10-messages.csv',
      `campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code
703,70,+15559990000,+15555550003,false,DELIVERED,2024-10-03T10:00:00.000Z,Hi Lee,
702,70,+15559990000,+15555550002,false,DELIVERED,2024-10-02T11:31:00.000Z,You're opted out,
`,
    );
    const result = await importSpokeCsv({ pool: testDb.pool, source: 'all', files: [edited] });
    expect(result.counts).toMatchObject({ messages_inserted: 1, messages_updated: 1 });
    const conversations = await conversationsByKey(testDb.db, 'all');
    expect(conversations['703']).toMatchObject({ message_count: 1, last_message_at: '2024-10-03T10:00:00Z' });
  });
});

describe('CSV import of repeated rows', () => {
  it('counts a message given twice once', async () => {
    const contacts = textSource(
      'twice.csv',
      `id,campaign_id,optedOut,texterFirst,cell
1,5,false,Ana,+15550101001
`,
    );
    const line = '1,5,,,false,DELIVERED,2024-10-02T10:00:00Z,Hello,';
    const messages = textSource(
      'twice-messages.csv',
      `campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code
${line}
${line}
1,5,,,true,DELIVERED,2024-10-02T10:05:00Z,Hi,
`,
    );
    const result = await importSpokeCsv({ pool: testDb.pool, source: 'twice', files: [contacts, messages] });
    expect(result.counts).toMatchObject({ conversations_inserted: 1, messages_inserted: 2 });
    expect((await conversationsByKey(testDb.db, 'twice'))['1']).toMatchObject({
      message_count: 2,
      contact_replied: true,
      texter: 'Ana',
    });
  });
});

describe('CSV import of bad files', () => {
  it('rejects a file of unknown layout, naming the header found', async () => {
    const before = await storeCounts(testDb.db);
    const error = await rejection(run('bad', 'gotv-sv10.csv', 'bad/unknown.csv'));
    expect(error.total).toBe(1);
    expect(error.errors).toEqual([
      {
        file: 'unknown.csv',
        line: 1,
        column: null,
        reason: 'unknown layout: the header row was "name", "phone", "notes"',
      },
    ]);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('lists every bad value with file, line and column, and changes nothing', async () => {
    const before = await storeCounts(testDb.db);
    const error = await rejection(run('bad', 'gotv-sv10.csv', 'bad/values.csv', 'bad/values-messages.csv'));
    expect(error.errors).toEqual([
      { file: 'values.csv', line: 2, column: 'optedOut', reason: 'not true or false', value: 'maybe' },
      {
        file: 'values.csv',
        line: 2,
        column: 'updated_at',
        reason: 'unparseable date',
        value: '2024-02-30 11:00:00+00',
      },
      { file: 'values.csv', line: 3, column: 'cell', reason: 'not a phone number', value: 'not a phone' },
      // The previous record spans two lines.
      { file: 'values.csv', line: 5, column: 'id', reason: 'missing value', value: null },
      {
        file: 'values-messages.csv',
        line: 2,
        column: 'is_from_contact',
        reason: 'not true or false',
        value: 'yes please',
      },
      {
        file: 'values-messages.csv',
        line: 3,
        column: 'attempted_at',
        reason: 'unparseable date',
        value: 'yesterday',
      },
      {
        file: 'values-messages.csv',
        line: 4,
        column: 'campaign_contact_id',
        reason: 'missing value',
        value: null,
      },
    ]);
    expect(error.total).toBe(7);
    expect(error.message).toBe(
      'import rejected, nothing was changed: 7 bad rows; first: values.csv:2 (optedOut): not true or false',
    );
    expect(await storeCounts(testDb.db)).toEqual(before);
    const sources = await sql<{
      n: number;
    }>`select count(*)::int as n from sources where name = 'bad'`.execute(testDb.db);
    expect(sources.rows[0]?.n).toBe(0);
  });

  it('rejects duplicate contacts and messages without a contact', async () => {
    const duplicate = await rejection(run('bad', 'bad/links.csv'));
    expect(duplicate.errors).toEqual([
      { file: 'links.csv', line: 3, column: 'id', reason: 'duplicate contact (also on links.csv line 2)' },
    ]);
    const orphan = await rejection(run('bad', 'gotv-sv10.csv', 'bad/links-messages.csv'));
    expect(orphan.errors).toEqual([
      {
        file: 'links-messages.csv',
        line: 2,
        column: 'campaign_contact_id',
        reason: 'missing contact for this message (no contact 911 in the files or already imported)',
      },
      {
        file: 'links-messages.csv',
        line: 3,
        column: 'campaign_contact_id',
        reason: 'missing contact for this message (no contact 999 in the files or already imported)',
      },
    ]);
    const legacyOrphan = await rejection(run('bad', 'gotv-legacy-messages.csv'));
    expect(legacyOrphan.total).toBe(4);
    expect(legacyOrphan.errors[0]).toEqual({
      file: 'gotv-legacy-messages.csv',
      line: 2,
      column: 'contactNumber',
      reason: 'missing contact for this message (no contact with cell +15554440001 in campaign 60)',
    });
  });

  it('reports rows with the wrong number of fields and blank lines', async () => {
    const error = await rejection(run('bad', 'bad/ragged-messages.csv'));
    expect(error.errors).toEqual([
      {
        file: 'ragged-messages.csv',
        line: 2,
        column: null,
        reason: '10 fields where the header has 9',
        value: '600,60,+15559990000,+15554440001,false,DELIVERED,2024-10-02T15:00:00.000Z,Hi,,e…',
      },
      { file: 'ragged-messages.csv', line: 3, column: null, reason: 'blank line', value: '' },
    ]);
  });

  it('caps the list at 100 rows and counts the rest', async () => {
    const header =
      'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code';
    const rows = Array.from({ length: 250 }, (_, i) => `${i},1,,,perhaps,,2024-10-02T10:00:00Z,x,`);
    const error = await rejection(
      importSpokeCsv({
        pool: testDb.pool,
        source: 'bad',
        files: [textSource('many-messages.csv', [header, ...rows, ''].join('\n'))],
      }),
    );
    expect(error.total).toBe(250);
    expect(error.errors).toHaveLength(100);
    expect(error.errors[99]).toMatchObject({ line: 101, column: 'is_from_contact' });
  });
});
