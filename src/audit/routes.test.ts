import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { refreshPool } from './pool/refresh-pool.js';

const testDb = setupTestDatabase();
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  const now = new Date();
  await seedCampaigns(testDb.db, [
    { title: 'Vote early', conversations: 30, newest: new Date(now.getTime() - 60_000) },
    { title: 'Census', conversations: 25, newest: new Date(now.getTime() - 3_600_000) },
  ]);
  // One conversation gets a survey, tags, a hostile message and an opt-out.
  await sql`
    with c as (select id, campaign_id from conversations order by last_message_at desc limit 1),
    q as (insert into survey_questions (campaign_id, spoke_key, question, allowed_responses)
          select campaign_id, 'q1', 'Will you vote?', '{Yes,No,Maybe}' from c returning id),
    r as (insert into survey_responses (conversation_id, question_id, value) select c.id, q.id, 'Yes' from c, q),
    tg as (insert into tags (source_id, spoke_key, name) select source_id, 't1', 'Wrong number' from campaigns
           where id = (select campaign_id from c) returning id),
    ct as (insert into conversation_tags (conversation_id, tag_id, value) select c.id, tg.id, 'RESOLVED' from c, tg),
    m1 as (insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
           select id, 'm1', false, 'Hi! Will you vote?', now() - interval '10 minutes' from c),
    m2 as (insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
           select id, 'm2', true, '<script>alert(1)</script> STOP', now() - interval '5 minutes' from c)
    update conversations set opted_out = true where id = (select id from c)`.execute(testDb.db);
  await refreshPool(testDb.db, now);
});
afterAll(() => t.close());

describe('audit API', () => {
  it('takes a batch, shows its conversations to its auditor only, and records audits', async () => {
    const alice = await t.loginAs('auditor');
    const bob = await t.loginAs('auditor');
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/audit/batches/current',
      headers: { cookie: alice.cookie },
    });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('no_batch');

    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/audit/batches',
      headers: { cookie: alice.cookie },
      payload: {},
    });
    expect(taken.statusCode).toBe(201);
    const batch = taken.json();
    expect(batch.items).toHaveLength(20);
    expect(batch.items[0]).toMatchObject({
      campaign: { title: 'Vote early' },
      calibration: false,
      audited_at: null,
      message_count: 2,
    });
    const first = batch.items[0].conversation_id;

    const view = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${first}`,
      headers: { cookie: alice.cookie },
    });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      conversation: {
        id: first,
        campaign: { title: 'Vote early' },
        opted_out: true,
        tags: [{ name: 'Wrong number', value: 'RESOLVED' }],
      },
      messages: [
        { text: 'Hi! Will you vote?', from_contact: false },
        { text: '<script>alert(1)</script> STOP', from_contact: true },
      ],
      survey: [{ question: 'Will you vote?', responses: ['Yes', 'No', 'Maybe'], answer: 'Yes' }],
    });
    const forbidden = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${first}`,
      headers: { cookie: bob.cookie },
    });
    expect(forbidden.statusCode).toBe(403);

    const rubric = await t.app.inject({
      method: 'GET',
      url: '/api/audit/rubric',
      headers: { cookie: alice.cookie },
    });
    expect(rubric.json().items.map((i: { key: string }) => i.key)).toEqual([
      'question',
      'tag',
      'optout',
      'tone',
    ]);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie: alice.cookie },
      payload: { conversation_id: first, scores: { question: true, tone: true, extra: false } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'bad_scores',
      details: { missing: ['tag', 'optout'], unknown: ['extra'] },
    });

    const scores = { question: true, tag: true, optout: false, tone: true };
    const audit = await t.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie: alice.cookie },
      payload: { conversation_id: first, scores, note: 'Missed the STOP', time_spent_ms: 41_000 },
    });
    expect(audit.statusCode).toBe(201);
    // optout is critical: failing it fails the audit whatever the score.
    expect(audit.json()).toMatchObject({
      passed: false,
      score: 0.75,
      rubric_version: 1,
      note: 'Missed the STOP',
    });

    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie: alice.cookie },
      payload: { conversation_id: first, scores },
    });
    expect(twice.statusCode).toBe(409);
    const notMine = await t.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie: bob.cookie },
      payload: { conversation_id: first, scores },
    });
    expect(notMine.statusCode).toBe(403);

    const current = await t.app.inject({
      method: 'GET',
      url: '/api/audit/batches/current',
      headers: { cookie: alice.cookie },
    });
    expect(
      current.json().items.filter((i: { audited_at: string | null }) => i.audited_at !== null),
    ).toHaveLength(1);
    const texter = await sql<{ d: Date | null }>`
      select t.texter_audit_date as d from conversations c join texters t on t.id = c.texter_id where c.id = ${first}`.execute(
      testDb.db,
    );
    expect(texter.rows[0]?.d).toBeInstanceOf(Date);
  });

  it('lets admins edit settings and version the rubric, naming bad fields', async () => {
    const admin = await t.loginAs('admin');
    const settings = await t.app.inject({
      method: 'PATCH',
      url: '/api/audit/settings',
      headers: { cookie: admin.cookie },
      payload: { batch_size: 5, calibration_share: 0.2 },
    });
    expect(settings.json()).toMatchObject({ batch_size: 5, calibration_share: expect.closeTo(0.2, 5) });
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/audit/settings',
      headers: { cookie: admin.cookie },
      payload: { batch_size: 0 },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('body/batch_size');

    const items = [
      { key: 'accuracy', label: 'Accuracy', description: '', weight: 2, critical: true },
      { key: 'tone', label: 'Tone', description: '', weight: 1, critical: false },
    ];
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/audit/rubric',
      headers: { cookie: admin.cookie },
      payload: { items },
    });
    expect(saved.json()).toMatchObject({ version: 2, items });
    const dup = await t.app.inject({
      method: 'PUT',
      url: '/api/audit/rubric',
      headers: { cookie: admin.cookie },
      payload: { items: [items[0], items[0]] },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('items/1/key');
  });

  it('reports calibration agreement between two auditors', async () => {
    await sql`update audit_settings set batch_size = 4, calibration_share = 0.5, resume_unfinished = true`.execute(
      testDb.db,
    );
    const carol = await t.loginAs('auditor');
    const dave = await t.loginAs('auditor');
    const first = (
      await t.app.inject({
        method: 'POST',
        url: '/api/audit/batches',
        headers: { cookie: carol.cookie },
        payload: {},
      })
    ).json();
    for (const item of first.items) {
      await t.app.inject({
        method: 'POST',
        url: '/api/audits',
        headers: { cookie: carol.cookie },
        payload: {
          conversation_id: item.conversation_id,
          scores: { accuracy: true, tone: item.conversation_id % 2 === 0 },
        },
      });
    }
    const second = (
      await t.app.inject({
        method: 'POST',
        url: '/api/audit/batches',
        headers: { cookie: dave.cookie },
        payload: {},
      })
    ).json();
    expect(second.items).toHaveLength(4);
    const calibration = second.items.filter((i: { calibration: boolean }) => i.calibration);
    expect(calibration).toHaveLength(2);
    for (const item of calibration) {
      const reply = await t.app.inject({
        method: 'POST',
        url: '/api/audits',
        headers: { cookie: dave.cookie },
        payload: { conversation_id: item.conversation_id, scores: { accuracy: true, tone: true } },
      });
      expect(reply.statusCode).toBe(201);
    }
    const admin = await t.loginAs('admin');
    const agreement = (
      await t.app.inject({ method: 'GET', url: '/api/audit/agreement', headers: { cookie: admin.cookie } })
    ).json();
    const accuracy = agreement.items.find(
      (i: { item: string; auditor_b: { id: number } }) =>
        i.item === 'accuracy' && i.auditor_b.id === dave.user.id,
    );
    expect(accuracy).toMatchObject({ conversations: 2, percent_agreement: 100 });
  });

  it('stops reading and scoring the moment the batch’s time runs out', async () => {
    await sql`update audit_settings set batch_size = 2, calibration_share = 0, resume_unfinished = true`.execute(
      testDb.db,
    );
    const erin = await t.loginAs('auditor');
    const batch = (
      await t.app.inject({
        method: 'POST',
        url: '/api/audit/batches',
        headers: { cookie: erin.cookie },
        payload: {},
      })
    ).json();
    expect(batch.items).toHaveLength(2);
    const [early, late] = batch.items as { conversation_id: number }[];
    const end = new Date();
    await sql`update audit_batches set expires_at = ${end} where id = ${batch.id}`.execute(testDb.db);
    const scores = { accuracy: true, tone: true };
    const realNow = t.deps.now;
    try {
      t.deps.now = () => new Date(end.getTime() - 1000);
      const inTime = await t.app.inject({
        method: 'POST',
        url: '/api/audits',
        headers: { cookie: erin.cookie },
        payload: { conversation_id: early!.conversation_id, scores },
      });
      expect(inTime.statusCode).toBe(201);

      // One second after the time ran out, before any expiry job marked the batch expired.
      t.deps.now = () => new Date(end.getTime() + 1000);
      const view = await t.app.inject({
        method: 'GET',
        url: `/api/conversations/${late!.conversation_id}`,
        headers: { cookie: erin.cookie },
      });
      expect(view.statusCode).toBe(403);
      const tooLate = await t.app.inject({
        method: 'POST',
        url: '/api/audits',
        headers: { cookie: erin.cookie },
        payload: { conversation_id: late!.conversation_id, scores },
      });
      expect(tooLate.statusCode).toBe(403);
      expect(tooLate.json().error.code).toBe('not_assigned');
    } finally {
      t.deps.now = realNow;
    }
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from audits where auditor_id = ${erin.user.id}`.execute(testDb.db);
    expect(stored.rows[0]!.n).toBe(1);
  });
});
