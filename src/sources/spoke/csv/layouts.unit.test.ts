import { describe, expect, it } from 'vitest';
import { detectLayout, pairName } from './layouts.js';

const header = (line: string) => line.split(',');

describe('CSV layout detection', () => {
  it.each([
    [
      'contactnumber,campaign_id,campaign,isfromcontact,text,texter[cell],tags,question[Q?],opt_out',
      'convo',
      'convo',
    ],
    [
      'campaignId,campaign,assignmentId,texter[firstName],texter[lastName],texter[email],texter[cell],contact[firstName],contact[cell],contact[optOut],question[Q?]',
      'legacy',
      'contacts',
    ],
    [
      'assignmentId,campaignId,userNumber,contactNumber,isFromContact,sendStatus,attemptedAt,text,errorCode',
      'legacy',
      'messages',
    ],
    [
      'id,campaign_id,assignment_id,optOutCampaign,optedOut,texterFirst,texterLast,texterEmail,texterCell,cell,tags',
      'statevoices',
      'contacts',
    ],
    [
      'campaign_contact_id,campaign_id,user_number,contact_number,is_from_contact,send_status,attempted_at,text,error_code',
      'statevoices',
      'messages',
    ],
    [
      'campaignId,campaign,contact[firstName],contact[cell],contact[optOut],question[Q?],tags',
      'rewired',
      'contacts',
    ],
    [
      'assignmentId,userNumber,contactNumber,isFromContact,numSegments,numMedia,sendStatus,errorCodes,attemptedAt,text,campaignId,texter[firstName],texter[lastName],texter[email],texter[cell]',
      'rewired',
      'messages',
    ],
  ])('%s → %s %s', (line, name, role) => {
    expect(detectLayout(header(line))).toMatchObject({ name, role });
  });

  it('maps questions and custom fields', () => {
    const layout = detectLayout(
      header('campaignId,contact[cell],contact[favorite color],contact[city],question[Will you vote?],tags'),
    );
    expect(layout).toMatchObject({
      name: 'rewired',
      questions: [{ header: 'question[Will you vote?]', question: 'Will you vote?' }],
      custom: [{ header: 'contact[favorite color]', field: 'favorite color' }],
    });
  });

  it('reads every column the convo layout does not know as a survey question', () => {
    const layout = detectLayout(
      header(
        'contactnumber,campaign_id,campaign,isfromcontact,text,texter[cell],tags,Will you vote?,question[Need a ride?],opt_out,created_at,Best time to call',
      ),
    );
    expect(layout).toMatchObject({
      name: 'convo',
      fields: { sentAt: 'created_at' },
      questions: [
        { header: 'Will you vote?', question: 'Will you vote?' },
        { header: 'question[Need a ride?]', question: 'Need a ride?' },
        { header: 'Best time to call', question: 'Best time to call' },
      ],
      custom: [],
    });
    expect(
      detectLayout(
        header('contactnumber,campaign_id,isfromcontact,text,Will you vote?,question[Will you vote?]'),
      ),
    ).toEqual({
      name: null,
      code: 'duplicate_question',
      params: { question: 'Will you vote?' },
      reason: 'the header names question "Will you vote?" twice',
    });
  });

  it('names the header it does not know, and refuses empty or repeated headers', () => {
    expect(detectLayout(header('name,phone,notes'))).toEqual({
      name: null,
      code: 'unknown_layout',
      params: { header: '"name", "phone", "notes"' },
      reason: 'unknown layout: the header row was "name", "phone", "notes"',
    });
    expect(detectLayout([])).toEqual({
      name: null,
      code: 'empty_file',
      reason: 'empty file (no header row)',
    });
    expect(detectLayout(header('id,id'))).toEqual({
      name: null,
      code: 'duplicate_column',
      params: { column: 'id' },
      reason: 'the header names column "id" twice',
    });
    const wide = detectLayout(Array.from({ length: 12 }, (_, i) => `c${i}`));
    expect(wide).toMatchObject({ reason: expect.stringMatching(/"c7", … \(12 columns\)$/) });
  });

  it('pairs X.csv with X-messages.csv', () => {
    expect(pairName('GOTV 2024.csv')).toEqual({ base: 'GOTV 2024', messages: false });
    expect(pairName('GOTV 2024-messages.csv')).toEqual({ base: 'GOTV 2024', messages: true });
  });
});
