import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { conversationsByKey, storeCounts, thread } from '../../../../test/harness/store.js';
import { packageRoot } from '../../../paths.js';
import { ImportRejected } from './errors.js';
import { importSpokeCsv } from './import-spoke-csv.js';
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
      {
        name: 'convo.csv',
        layout: 'convo',
        role: 'convo',
        rows: 5,
        pairedWith: null,
        // No time column: the messages keep the file's order, dated by the import.
        recency: 'file_order',
        timeColumn: null,
      },
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

  it('reads every column of the convo layout it does not know as a survey question', async () => {
    await run('convo-survey', 'convo-survey.csv');
    expect(await countsOf('convo-survey')).toMatchObject({
      conversations: 2,
      messages: 3,
      survey_questions: 2,
      survey_responses: 2,
    });
    const conversations = await conversationsByKey(testDb.db, 'convo-survey');
    expect(conversations['c:52:+15553340001']?.responses).toEqual([
      'Will you vote?=Yes',
      'Need a ride?=No thanks',
    ]);
    const questions = await sql<{ question: string; sort: number }>`
      select q.question, q.sort from survey_questions q join campaigns k on k.id = q.campaign_id
        join sources s on s.id = k.source_id where s.name = 'convo-survey' order by q.sort`.execute(
      testDb.db,
    );
    expect(questions.rows).toEqual([
      { question: 'Will you vote?', sort: 1 },
      { question: 'Need a ride?', sort: 2 },
    ]);
  });

  it('dates convo messages by their time column, keeping the file order of equal times', async () => {
    const result = await run('convo-dated', 'convo-dated.csv');
    expect(result.files[0]).toMatchObject({ recency: 'time_column', timeColumn: 'date' });
    expect(await thread(testDb.db, 'c:53:+15553350001', 'convo-dated')).toEqual([
      '> First',
      '< Second',
      '> Third',
    ]);
    const conversations = await conversationsByKey(testDb.db, 'convo-dated');
    // Recency comes from the file's times, not the import's.
    expect(conversations['c:53:+15553350001']?.last_message_at).toBe('2024-10-02T00:00:00Z');
    expect(conversations['c:53:+15553350002']?.last_message_at).toBe('2024-10-01T00:00:00Z');
    // Imported again, nothing changes.
    const again = await run('convo-dated', 'convo-dated.csv');
    expect(changes(again.counts)).toBe(0);
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
    expect((await run('sv10', 'gotv-sv10.csv', 'gotv-sv10-messages.csv')).streamed).toBe(true);
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

/** Everything a source holds, without Parley's ids: what two imports must agree on. */
async function snapshot(source: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select c.spoke_key, k.spoke_key as campaign, p.cell, p.first_name, p.last_name, p.zip, t.spoke_key as texter,
           c.external_id, c.message_status, c.is_opted_out, c.opted_out, c.custom_fields, c.created_at, c.updated_at,
           c.message_count, c.contact_replied, c.first_message_at, c.last_message_at,
           (select coalesce(array_agg(g.spoke_key || '=' || coalesce(ct.value, '') order by g.spoke_key), '{}')
              from conversation_tags ct join tags g on g.id = ct.tag_id where ct.conversation_id = c.id) as tags,
           (select coalesce(array_agg(q.spoke_key || '=' || r.value order by q.spoke_key), '{}')
              from survey_responses r join survey_questions q on q.id = r.question_id where r.conversation_id = c.id) as answers,
           (select coalesce(array_agg(m.spoke_key || '|' || m.from_contact || '|' || m.sent_at || '|' || coalesce(m.send_status, '')
                                      || '|' || coalesce(x.spoke_key, '') || '|' || m.text order by m.sent_at, m.spoke_key), '{}')
              from messages m left join texters x on x.id = m.texter_id where m.conversation_id = c.id) as messages
      from conversations c
      join sources s on s.id = c.source_id
      join campaigns k on k.id = c.campaign_id
      join contacts p on p.id = c.contact_id
      left join texters t on t.id = c.texter_id
     where s.name = ${source}
     order by c.spoke_key`.execute(testDb.db);
  const named = await sql<Record<string, unknown>>`
    select (select array_agg(k.spoke_key || '|' || k.title || '|' || k.is_archived order by k.spoke_key)
              from campaigns k where k.source_id = s.id) as campaigns,
           (select array_agg(t.spoke_key || '|' || t.first_name || '|' || t.last_name || '|' || coalesce(t.email, '')
                             || '|' || coalesce(t.cell, '') order by t.spoke_key) from texters t where t.source_id = s.id) as texters,
           (select array_agg(g.spoke_key || '|' || g.name order by g.spoke_key) from tags g where g.source_id = s.id) as tags,
           (select array_agg(k.spoke_key || '|' || q.spoke_key || '|' || q.sort order by k.spoke_key, q.spoke_key)
              from survey_questions q join campaigns k on k.id = q.campaign_id where k.source_id = s.id) as questions,
           (select count(*)::int from contacts p where p.source_id = s.id) as contacts
      from sources s where s.name = ${source}`.execute(testDb.db);
  return { conversations: rows, named: named.rows[0] };
}

describe('CSV import, streamed and staged', () => {
  const pairs = [
    ['gotv-sv10.csv', 'gotv-sv10-messages.csv'],
    ['gotv-legacy.csv', 'gotv-legacy-messages.csv'],
    ['gotv-legacy.csv', 'gotv-sv10.csv', 'gotv-sv10-messages.csv', 'gotv-legacy-messages.csv'],
  ];

  it.each(pairs.map((files, i) => [i, files] as const))(
    'imports the same rows either way (%i), and again changes nothing',
    async (i, files) => {
      const sources = await Promise.all(files.map(fixture));
      const streamed = await importSpokeCsv({ pool: testDb.pool, source: `streamed-${i}`, files: sources });
      const staged = await importSpokeCsv({
        pool: testDb.pool,
        source: `staged-${i}`,
        files: sources,
        stream: false,
      });
      expect(streamed.streamed).toBe(true);
      expect(staged.streamed).toBe(false);
      expect(streamed.counts).toEqual(staged.counts);
      expect(streamed.files).toEqual(staged.files);
      expect(streamed.refreshed).toBe(staged.refreshed);
      expect(await snapshot(`streamed-${i}`)).toEqual(await snapshot(`staged-${i}`));

      const before = await storeCounts(testDb.db);
      const again = await importSpokeCsv({ pool: testDb.pool, source: `streamed-${i}`, files: sources });
      expect(again.streamed).toBe(true);
      expect(changes(again.counts)).toBe(0);
      expect(again.refreshed).toBe(0);
      expect(await storeCounts(testDb.db)).toEqual(before);
    },
  );

  it('applies a new export the same way: changed contacts, new and changed messages', async () => {
    const contacts = await fixture('gotv-sv10.csv');
    const messages = await fixture('gotv-sv10-messages.csv');
    const editedContacts = textSource(
      'gotv-sv10.csv',
      `id,campaign_id,campaign,assignment_id,optOutCampaign,optedOut,texterFirst,texterLast,texterEmail,texterCell,first_name,last_name,cell,zip,external_id,message_status,created_at,updated_at,county,tags,question[Will you vote?]
701,70,SV GOTV,7000,false,false,Gia,Hill,gia@sv10.example,+15550000070,Ian,Jonas,+15555550001,10001,ext-701,closed,2024-10-01 10:00:00+00,2024-10-03 11:00:00+00,Queens,Escalate,No
704,70,SV GOTV,7000,false,false,Ola,Park,ola@sv10.example,+15550000071,Max,Ng,+15555550004,,,convo,2024-10-01 10:00:00+00,2024-10-03 12:00:00+00,,Escalate,Yes
`,
    );
    const newMessages = textSource(
      'gotv-sv10-messages.csv',
      `campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code
701,70,+15559990000,+15555550001,false,DELIVERED,2024-10-02T10:00:00.000Z,Hi Ian,
701,70,+15559990000,+15555550001,false,DELIVERED,2024-10-03T09:00:00.000Z,"Still voting, ""Ian""?",
704,70,+15559990000,+15555550004,false,SENT,2024-10-03T09:30:00+00:00,Hi Max,
702,70,+15559990000,+15555550002,false,FAILED,2024-10-02T11:31:00.000Z,You're opted out,
`,
    );
    const results = [];
    for (const stream of [true, false]) {
      const source = `update-${stream}`;
      await importSpokeCsv({ pool: testDb.pool, source, files: [contacts, messages], stream });
      results.push(
        await importSpokeCsv({ pool: testDb.pool, source, files: [editedContacts, newMessages], stream }),
      );
    }
    expect(results[0]?.streamed).toBe(true);
    expect(results[0]?.counts).toEqual(results[1]?.counts);
    expect(results[0]?.counts).toMatchObject({
      conversations_inserted: 1,
      conversations_updated: 1,
      messages_inserted: 2,
      messages_updated: 1,
      contacts_inserted: 1,
      contacts_updated: 1,
    });
    expect(await snapshot('update-true')).toEqual(await snapshot('update-false'));
  });

  it('imports a large first export whole, every message in its conversation', async () => {
    const contacts = 60_500;
    const header =
      'id,campaign_id,campaign,optedOut,texterFirst,texterEmail,first_name,cell,created_at,updated_at,tags';
    const contactLines = Array.from(
      { length: contacts },
      (_, i) =>
        `${i + 1},${1 + (i % 3)},Big ${1 + (i % 3)},${i % 7 === 0},T${i % 9},t${i % 9}@big.example,C${i},` +
        `+1444${String(1_000_000 + (i % 60_000)).padStart(7, '0')},2024-10-01 10:00:00+00,2024-10-0${i < 60_000 ? 1 : 2} 10:00:00+00,` +
        `${i % 5 === 0 ? 'Hot' : ''}`,
    );
    const messageLines = Array.from({ length: contacts * 2 }, (_, m) => {
      const i = Math.floor(m / 2);
      return `${i + 1},${1 + (i % 3)},,,${m % 2 === 1},DELIVERED,2024-10-02T10:00:${String(m % 60).padStart(2, '0')}.000Z,"Hi, ${i}",`;
    });
    const result = await importSpokeCsv({
      pool: testDb.pool,
      source: 'big',
      files: [
        textSource('big.csv', [header, ...contactLines, ''].join('\n')),
        textSource(
          'big-messages.csv',
          [
            'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code',
            ...messageLines,
            '',
          ].join('\n'),
        ),
      ],
    });
    expect(result.streamed).toBe(true);
    expect(result.counts).toMatchObject({
      conversations_inserted: contacts,
      // 500 cells are given twice (one contact each, named by the later row).
      contacts_inserted: 60_000,
      messages_inserted: contacts * 2,
      campaigns_inserted: 3,
      texters_inserted: 9,
      conversation_tags_inserted: contacts / 5,
    });
    const { rows } = await sql<Record<string, number>>`
      with c as (select c.* from conversations c join sources s on s.id = c.source_id where s.name = 'big')
      select (select count(distinct id)::int from c) as conversations,
             (select count(*)::int from c where message_count = 2 and contact_replied) as counted,
             (select count(*)::int from messages m join c on c.id = m.conversation_id) as messages,
             (select count(*)::int from c where (select count(*) from messages m where m.conversation_id = c.id) <> 2)
               as miscounted,
             (select count(*)::int from c where opted_out <> is_opted_out or is_opted_out <> ((spoke_key::int - 1) % 7 = 0))
               as misflagged`.execute(testDb.db);
    expect(rows[0]).toEqual({
      conversations: contacts,
      counted: contacts,
      messages: contacts * 2,
      miscounted: 0,
      misflagged: 0,
    });
    // A cell given twice is named by its latest row (updated 2024-10-02 over 2024-10-01).
    const renamed = await sql<{ first_name: string }>`
      select p.first_name from contacts p join sources s on s.id = p.source_id
       where s.name = 'big' and p.cell = '+14441000001'`.execute(testDb.db);
    expect(renamed.rows).toEqual([{ first_name: 'C60001' }]);
  });

  it('leaves files with what it does not read with certainty to the staged path', async () => {
    const contacts = textSource(
      'odd.csv',
      `id,campaign_id,optedOut,texterFirst,cell,updated_at
1,5,false,Ana,+15550101001,2024-10-02 10:00:00 Europe/Lisbon
`,
    );
    const messages = textSource(
      'odd-messages.csv',
      'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code\n',
    );
    const result = await importSpokeCsv({ pool: testDb.pool, source: 'odd', files: [contacts, messages] });
    expect(result.streamed).toBe(false);
    expect(result.counts).toMatchObject({ conversations_inserted: 1 });
    const updated = await sql<{ updated_at: Date }>`
      select c.updated_at from conversations c join sources s on s.id = c.source_id where s.name = 'odd'`.execute(
      testDb.db,
    );
    expect(updated.rows).toEqual([{ updated_at: new Date('2024-10-02T09:00:00Z') }]);
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
    // The streamed path meets the repeat as a key conflict and leaves the import to the staged one.
    expect(result.streamed).toBe(false);
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
    const error = await rejection(run('bad', 'gotv-sv10.csv', 'gotv-sv10-messages.csv', 'bad/unknown.csv'));
    expect(error.total).toBe(1);
    expect(error.errors).toEqual([
      {
        file: 'unknown.csv',
        line: 1,
        column: null,
        code: 'unknown_layout',
        params: { header: '"name", "phone", "notes"' },
        reason: 'unknown layout: the header row was "name", "phone", "notes"',
      },
    ]);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('lists every bad value with file, line and column, and changes nothing', async () => {
    const before = await storeCounts(testDb.db);
    const error = await rejection(
      run('bad', 'gotv-sv10.csv', 'gotv-sv10-messages.csv', 'bad/values.csv', 'bad/values-messages.csv'),
    );
    expect(error.errors).toEqual([
      {
        file: 'values.csv',
        line: 2,
        column: 'optedOut',
        code: 'not_boolean',
        reason: 'not true or false',
        value: 'maybe',
      },
      {
        file: 'values.csv',
        line: 2,
        column: 'updated_at',
        code: 'unparseable_date',
        reason: 'unparseable date',
        value: '2024-02-30 11:00:00+00',
      },
      {
        file: 'values.csv',
        line: 3,
        column: 'cell',
        code: 'not_phone',
        reason: 'not a phone number',
        value: 'not a phone',
      },
      // The previous record spans two lines.
      {
        file: 'values.csv',
        line: 5,
        column: 'id',
        code: 'missing_value',
        reason: 'missing value',
        value: null,
      },
      {
        file: 'values-messages.csv',
        line: 2,
        column: 'is_from_contact',
        code: 'not_boolean',
        reason: 'not true or false',
        value: 'yes please',
      },
      {
        file: 'values-messages.csv',
        line: 3,
        column: 'attempted_at',
        code: 'unparseable_date',
        reason: 'unparseable date',
        value: 'yesterday',
      },
      {
        file: 'values-messages.csv',
        line: 4,
        column: 'campaign_contact_id',
        code: 'missing_value',
        reason: 'missing value',
        value: null,
      },
    ]);
    expect(error.total).toBe(7);
    expect(error.rows).toBe(6);
    expect(error.message).toBe(
      'import rejected, nothing was changed: 6 rows, 7 problems; first: values.csv:2 (optedOut): not true or false',
    );
    expect(await storeCounts(testDb.db)).toEqual(before);
    const sources = await sql<{
      n: number;
    }>`select count(*)::int as n from sources where name = 'bad'`.execute(testDb.db);
    expect(sources.rows[0]?.n).toBe(0);
  });

  it('rejects duplicate contacts and messages without a contact', async () => {
    const duplicate = await rejection(run('bad', 'bad/links.csv', 'bad/links-messages.csv'));
    expect(duplicate.errors).toEqual([
      {
        file: 'links.csv',
        line: 3,
        column: 'id',
        code: 'duplicate_contact',
        params: { other_file: 'links.csv', other_line: 2 },
        reason: 'duplicate contact (also on links.csv line 2)',
      },
    ]);
    const orphan = await rejection(run('bad', 'gotv-sv10.csv', 'bad/links-messages.csv'));
    expect(orphan.errors).toEqual([
      {
        file: 'links-messages.csv',
        line: 2,
        column: 'campaign_contact_id',
        code: 'missing_contact',
        params: { contact: '911' },
        reason: 'missing contact for this message (no contact 911 in the files or already imported)',
      },
      {
        file: 'links-messages.csv',
        line: 3,
        column: 'campaign_contact_id',
        code: 'missing_contact',
        params: { contact: '999' },
        reason: 'missing contact for this message (no contact 999 in the files or already imported)',
      },
    ]);
    const legacyOrphan = await rejection(run('bad', 'gotv-legacy-messages.csv'));
    expect(legacyOrphan.total).toBe(4);
    expect(legacyOrphan.errors[0]).toEqual({
      file: 'gotv-legacy-messages.csv',
      line: 2,
      column: 'contactNumber',
      code: 'missing_contact_cell',
      params: { cell: '+15554440001', campaign: '60' },
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
        code: 'field_count',
        params: { fields: 10, width: 9 },
        reason: '10 fields where the header has 9',
        value: '600,60,+15559990000,+15554440001,false,DELIVERED,2024-10-02T15:00:00.000Z,Hi,,e…',
      },
      {
        file: 'ragged-messages.csv',
        line: 3,
        column: null,
        code: 'blank_line',
        reason: 'blank line',
        value: '',
      },
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

  it('lists rows it cannot split and bad values of the others in one pass', async () => {
    const before = await storeCounts(testDb.db);
    const error = await rejection(run('both', 'bad/both.csv', 'bad/both-messages.csv'));
    expect(error.errors).toEqual([
      {
        file: 'both.csv',
        line: 3,
        column: 'optedOut',
        code: 'not_boolean',
        reason: 'not true or false',
        value: 'maybe',
      },
      {
        file: 'both.csv',
        line: 3,
        column: 'updated_at',
        code: 'unparseable_date',
        reason: 'unparseable date',
        value: 'yesterday afternoon',
      },
      {
        file: 'both.csv',
        line: 4,
        column: 'cell',
        code: 'not_phone',
        reason: 'not a phone number',
        value: 'not a phone',
      },
      {
        file: 'both.csv',
        line: 5,
        column: null,
        code: 'field_count',
        params: { fields: 8, width: 9 },
        reason: '8 fields where the header has 9',
        value: '1004,95,Both,false,false,Gia,Hill,+15557770104',
      },
      {
        file: 'both-messages.csv',
        line: 3,
        column: 'is_from_contact',
        code: 'not_boolean',
        reason: 'not true or false',
        value: 'perhaps',
      },
      {
        file: 'both-messages.csv',
        line: 4,
        column: null,
        code: 'field_count',
        params: { fields: 10, width: 9 },
        reason: '10 fields where the header has 9',
        value: '1001,95,,,true,DELIVERED,2024-10-02T10:02:00.000Z,Yes,extra,',
      },
      {
        file: 'both-messages.csv',
        line: 5,
        column: null,
        code: 'unclosed_quote',
        reason: 'a quote opened on this line is never closed (the rest of the file is inside it)',
      },
    ]);
    expect({ rows: error.rows, total: error.total }).toEqual({ rows: 6, total: 7 });
    expect(error.message).toBe(
      'import rejected, nothing was changed: 6 rows, 7 problems; first: both.csv:3 (optedOut): not true or false',
    );
    expect(error.files.map((f) => [f.name, f.rows])).toEqual([
      ['both.csv', 4],
      ['both-messages.csv', 4],
    ]);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('checks the values of rows after one spanning lines, where some rows cannot be split', async () => {
    const contacts = textSource(
      'spans.csv',
      'id,campaign_id,optedOut,texterFirst,first_name,cell\n1,5,false,Ana,"Two\nlines",+15550101001\n2,5\n3,5,perhaps,Ana,Bo,+15550101003\n',
    );
    const messages = textSource(
      'spans-messages.csv',
      'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code\n',
    );
    const error = await rejection(
      importSpokeCsv({ pool: testDb.pool, source: 'spans', files: [contacts, messages] }),
    );
    expect(error.errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [4, null, '2 fields where the header has 6'],
      [5, 'optedOut', 'not true or false'],
    ]);
  });

  it('refuses a contacts file of "Export Data" without its messages file, naming it', async () => {
    const before = await storeCounts(testDb.db);
    const error = await rejection(run('alone', 'gotv-sv10.csv'));
    expect(error.errors).toEqual([
      {
        file: 'gotv-sv10.csv',
        line: null,
        column: null,
        code: 'missing_messages_file',
        params: { expected: 'gotv-sv10-messages.csv' },
        reason:
          'the messages file gotv-sv10-messages.csv is missing: "Export Data" writes a contacts file and a -messages file, import both together',
      },
    ]);
    expect({ rows: error.rows, total: error.total }).toEqual({ rows: 0, total: 1 });
    expect(error.message).toMatch(/^import rejected, nothing was changed: 1 problem; first: gotv-sv10.csv: /);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('refuses a file with more columns than PostgreSQL allows in a table, on its header line', async () => {
    const questions = (n: number) => Array.from({ length: n }, (_, i) => `Question ${i + 1}?`);
    const header = (n: number) =>
      ['contactnumber', 'campaign_id', 'isfromcontact', 'text', ...questions(n)].join(',');
    const row = (n: number) => ['+15553360001', '54', 'false', 'Hi', ...questions(n).map(() => '')].join(',');
    const wide = textSource('wide.csv', `${header(1696)}\n${row(1696)}\n`);
    const error = await rejection(importSpokeCsv({ pool: testDb.pool, source: 'wide', files: [wide] }));
    expect(error.errors).toEqual([
      {
        file: 'wide.csv',
        line: 1,
        column: null,
        code: 'too_many_columns',
        params: { columns: 1700, max: 1599 },
        reason:
          'the header has 1700 columns; PostgreSQL allows 1600 columns in a table, so an import reads at most 1599',
      },
    ]);
    // At the limit, the file is read.
    const widest = textSource('widest.csv', `${header(1595)}\n${row(1595)}\n`);
    const result = await importSpokeCsv({ pool: testDb.pool, source: 'wide', files: [widest] });
    expect(result.counts).toMatchObject({ conversations_inserted: 1, messages_inserted: 1 });
  });
});
