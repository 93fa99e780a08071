import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { createSpokeDatabase, type SpokeDatabase } from '../../../../test/harness/spoke.js';
import { conversationsByKey, storeCounts, thread } from '../../../../test/harness/store.js';
import { importSpokeDb } from './import-spoke-db.js';

const testDb = setupTestDatabase();
const NO_LOOKBACK = { ids: 0, micros: 0 };

/** Inserted + updated rows over every store table (0 when a run changed nothing). */
function changes(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([name]) => !name.endsWith('_orphaned'))
    .reduce((sum, [, n]) => sum + n, 0);
}

describe('import from a StateVoices/MoveOn Spoke database', () => {
  let spoke: SpokeDatabase;
  beforeAll(async () => {
    spoke = await createSpokeDatabase('statevoices');
  });
  afterAll(() => spoke.drop());

  it('imports every table with exact counts and values', async () => {
    const result = await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'spoke' });
    expect(result.flavor).toBe('statevoices');
    expect(result.read).toEqual({
      campaign: 2,
      user: 2,
      campaign_contact: 5,
      message: 8,
      interaction_step: 2,
      question_response: 3,
      tag: 3,
      tag_campaign_contact: 3,
      opt_out: 1,
    });
    expect(result.counts).toMatchObject({
      campaigns_inserted: 2,
      texters_inserted: 2,
      contacts_inserted: 5,
      conversations_inserted: 5,
      messages_inserted: 8,
      messages_orphaned: 0,
      tags_inserted: 3,
      conversation_tags_inserted: 3,
      survey_questions_inserted: 2,
      survey_responses_inserted: 3,
      opt_outs_inserted: 1,
    });
    expect(await storeCounts(testDb.db)).toEqual({
      campaigns: 2,
      texters: 2,
      contacts: 5,
      conversations: 5,
      messages: 8,
      tags: 3,
      conversation_tags: 3,
      survey_questions: 2,
      survey_responses: 3,
      opt_outs: 1,
    });

    const conversations = await conversationsByKey(testDb.db);
    expect(conversations['1']).toEqual({
      key: '1',
      campaign: 'GOTV 2024',
      cell: '+15551110001',
      name: 'Carla Souza',
      texter: 'Ana Texter',
      message_count: 3,
      contact_replied: true,
      first_message_at: '2024-10-02T15:00:00Z',
      last_message_at: '2024-10-02T15:02:00Z',
      opted_out: false,
      is_opted_out: false,
      tags: ['Spanish speaker'],
      responses: ['Will you vote?=Yes', 'Need a ride?=No thanks'],
    });
    // Opted out by an opt_out row for its cell and organization, not by its own flag.
    expect(conversations['2']).toMatchObject({
      message_count: 1,
      contact_replied: false,
      opted_out: true,
      is_opted_out: false,
    });
    expect(conversations['2']?.tags).toEqual(['Wrong number']);
    // A cell stored as "555-111-0003" is normalised; the flag alone opts it out.
    expect(conversations['3']).toMatchObject({
      cell: '+15551110003',
      texter: 'Bo Texter',
      message_count: 2,
      contact_replied: true,
      opted_out: true,
      is_opted_out: true,
      tags: ['Escalate=RESOLVED'],
      responses: ['Will you vote?=No'],
    });
    // Messages of the older shape found their contact through assignment and cell.
    expect(conversations['4']).toMatchObject({
      campaign: 'Census',
      texter: 'Bo Texter',
      message_count: 2,
      contact_replied: true,
    });
    expect(conversations['5']).toMatchObject({
      message_count: 0,
      first_message_at: null,
      texter: 'Bo Texter',
    });

    expect(await thread(testDb.db, '1')).toEqual([
      '> [Ana] Hi Carla, this is Ana. Will you vote?',
      '< Yes! <script>alert(1)</script>',
      '> [Ana] Great, thanks!',
    ]);
    expect(await thread(testDb.db, '4')).toEqual(['> [Bo] Have you filled in the census?', '< Done already']);

    const questions = await sql<{ question: string; allowed_responses: string[]; sort: number }>`
      select question, allowed_responses, sort from survey_questions order by sort`.execute(testDb.db);
    // The deleted "Maybe" step is not an allowed answer.
    expect(questions.rows).toEqual([
      { question: 'Will you vote?', allowed_responses: ['Yes', 'No'], sort: 1 },
      { question: 'Need a ride?', allowed_responses: ['Yes please', 'No thanks'], sort: 2 },
    ]);
    const texters = await sql<{ spoke_key: string; email: string; cell: string }>`
      select spoke_key, email, cell from texters order by spoke_key`.execute(testDb.db);
    expect(texters.rows).toEqual([
      { spoke_key: '1', email: 'Ana@SV.example', cell: '+15550000001' },
      { spoke_key: '2', email: 'bo@sv.example', cell: '+15550000002' },
    ]);
    const campaigns = await sql<{ spoke_key: string; organization_key: string; is_archived: boolean }>`
      select spoke_key, organization_key, is_archived from campaigns order by spoke_key`.execute(testDb.db);
    expect(campaigns.rows).toEqual([
      { spoke_key: '1', organization_key: '1', is_archived: false },
      { spoke_key: '2', organization_key: '1', is_archived: true },
    ]);
    const custom = await sql<{ spoke_key: string; custom_fields: unknown; external_id: string | null }>`
      select spoke_key, custom_fields, external_id from conversations where spoke_key in ('1', '5') order by spoke_key`.execute(
      testDb.db,
    );
    expect(custom.rows).toEqual([
      { spoke_key: '1', custom_fields: { county: 'SF' }, external_id: 'ext-1' },
      { spoke_key: '5', custom_fields: { _text: 'not json' }, external_id: null },
    ]);
  });

  it('changes nothing when run again', async () => {
    const before = await storeCounts(testDb.db);
    const again = await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'spoke' });
    expect(changes(again.counts)).toBe(0);
    expect(again.refreshed).toBe(0);
    expect(await storeCounts(testDb.db)).toEqual(before);
  });

  it('reads only rows past the stored positions', async () => {
    const quiet = await importSpokeDb({
      pool: testDb.pool,
      from: spoke.url,
      source: 'spoke',
      lookback: NO_LOOKBACK,
    });
    expect(quiet.read).toMatchObject({
      campaign_contact: 0,
      message: 0,
      question_response: 0,
      tag_campaign_contact: 0,
      opt_out: 0,
    });
    expect(changes(quiet.counts)).toBe(0);
  });

  it('picks up a new message, an updated contact, a new opt-out and a new tag', async () => {
    await spoke.query(`insert into message (contact_number, is_from_contact, text, assignment_id, send_status, created_at, campaign_contact_id)
      values ('+15551110005', true, 'Who is this?', 2, 'DELIVERED', '2024-10-04T08:00:00Z', 5)`);
    await spoke.query(`update campaign_contact set first_name = 'Gilberto', updated_at = now() where id = 5`);
    await spoke.query(
      `insert into opt_out (cell, organization_id, reason_code) values ('+15551110001', 1, 'later')`,
    );
    await spoke.query(
      `insert into tag_campaign_contact (tag_id, campaign_contact_id, value) values (2, 5, null)`,
    );

    const result = await importSpokeDb({
      pool: testDb.pool,
      from: spoke.url,
      source: 'spoke',
      lookback: NO_LOOKBACK,
    });
    expect(result.read).toMatchObject({
      campaign_contact: 1,
      message: 1,
      opt_out: 1,
      tag_campaign_contact: 1,
    });
    expect(result.counts).toMatchObject({
      messages_inserted: 1,
      contacts_updated: 1,
      opt_outs_inserted: 1,
      conversation_tags_inserted: 1,
    });
    const conversations = await conversationsByKey(testDb.db);
    expect(conversations['5']).toMatchObject({
      name: 'Gilberto Paz',
      message_count: 1,
      contact_replied: true,
      first_message_at: '2024-10-04T08:00:00Z',
      tags: ['Wrong number'],
    });
    expect(conversations['1']).toMatchObject({ opted_out: true, is_opted_out: false });
    expect((await storeCounts(testDb.db)).messages).toBe(9);
  });

  it('imports only the chosen campaigns into another source', async () => {
    const result = await importSpokeDb({
      pool: testDb.pool,
      from: spoke.url,
      source: 'spoke-census',
      scope: { campaignIds: ['2'], since: null },
    });
    expect(result.read).toMatchObject({ campaign: 1, campaign_contact: 1, message: 2, user: 1 });
    const conversations = await conversationsByKey(testDb.db, 'spoke-census');
    expect(Object.keys(conversations)).toEqual(['4']);
  });
});

describe('import from a Rewired Spoke database', () => {
  let spoke: SpokeDatabase;
  beforeAll(async () => {
    spoke = await createSpokeDatabase('rewired');
  });
  afterAll(() => spoke.drop());

  it('detects the shape and imports it with exact counts and values', async () => {
    const result = await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'rewired' });
    expect(result.flavor).toBe('rewired');
    // The template campaign (8) and its contact and message are not conversations.
    expect(result.read).toEqual({
      campaign: 1,
      user: 2,
      campaign_contact: 3,
      message: 5,
      interaction_step: 1,
      question_response: 1,
      tag: 2,
      campaign_contact_tag: 2,
      opt_out: 1,
    });
    const conversations = await conversationsByKey(testDb.db, 'rewired');
    expect(Object.keys(conversations).sort()).toEqual(['100', '101', '102']);
    expect(conversations['100']).toMatchObject({
      campaign: 'Rewired GOTV',
      texter: 'Hana Ito',
      message_count: 2,
      contact_replied: true,
      opted_out: false,
      tags: ['Needs follow-up'],
      responses: ['Voting Tuesday?=Yes'],
    });
    expect(conversations['101']).toMatchObject({
      texter: 'Ivo Jun',
      message_count: 3,
      opted_out: true,
      tags: ['RESOLVED'],
      responses: [],
    });
    expect(conversations['102']).toMatchObject({ texter: null, message_count: 0 });
    const questions = await sql<{ allowed_responses: string[] }>`
      select q.allowed_responses from survey_questions q join campaigns k on k.id = q.campaign_id
       join sources s on s.id = k.source_id where s.name = 'rewired'`.execute(testDb.db);
    expect(questions.rows).toEqual([{ allowed_responses: ['Yes', 'No'] }]);
    expect(await thread(testDb.db, '101', 'rewired')).toEqual([
      "> [Ivo] Hi Lu, it's Ivo. Voting Tuesday?",
      '< Please stop texting me',
      '> [Ivo] Sorry! You are opted out.',
    ]);
  });

  it('changes nothing when run again, and picks up a new message by its change time', async () => {
    const again = await importSpokeDb({ pool: testDb.pool, from: spoke.url, source: 'rewired' });
    expect(changes(again.counts)).toBe(0);

    await spoke.query(`insert into message (campaign_contact_id, user_id, assignment_id, contact_number, is_from_contact, text, send_status, created_at)
      values (102, 10, 20, '+15552220003', false, 'Hi Mo!', 'SENT', '2024-10-07T09:00:00Z')`);
    const next = await importSpokeDb({
      pool: testDb.pool,
      from: spoke.url,
      source: 'rewired',
      lookback: NO_LOOKBACK,
    });
    expect(next.read.message).toBe(1);
    expect(next.counts.messages_inserted).toBe(1);
    const conversations = await conversationsByKey(testDb.db, 'rewired');
    // No assignee in Spoke: the sender of the latest outbound message stands in.
    expect(conversations['102']).toMatchObject({
      message_count: 1,
      texter: 'Hana Ito',
      contact_replied: false,
    });
  });
});
