import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, BatchAudits, TexterReview } from '../../../common/api/audit-review.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { refreshPool } from '../pool/refresh-pool.js';

const testDb = setupTestDatabase();
let t: TestApp;
let auditor: { user: { id: number }; cookie: string };
let other: { user: { id: number }; cookie: string };
let moderator: string;
let batchId = 0;
const audits: { id: number; conversation_id: number }[] = [];

const PASS = { question: true, tag: true, optout: true, tone: true };
/** Per conversation of the batch: all passed, tone failed, opt-out failed (critical), two failed. */
const SCORES = [
  PASS,
  { ...PASS, tone: false },
  { ...PASS, optout: false },
  { ...PASS, question: false, tag: false },
];

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  await seedCampaigns(testDb.db, [
    { title: 'Vote early', conversations: 4, newest: new Date(Date.now() - 60_000), texters: 2 },
  ]);
  await refreshPool(testDb.db, new Date());
  auditor = await t.loginAs('auditor', { name: 'Ana Auditor' });
  other = await t.loginAs('auditor');
  moderator = (await t.loginAs('moderator')).cookie;
  const batch = await t.app.inject({
    method: 'POST',
    url: '/api/audit/batches',
    headers: { cookie: auditor.cookie },
    payload: { size: 4 },
  });
  batchId = batch.json().id;
  const items: { conversation_id: number }[] = batch.json().items;
  for (const [i, item] of items.entries()) {
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/audits',
      headers: { cookie: auditor.cookie },
      payload: { conversation_id: item.conversation_id, scores: SCORES[i], note: `note ${i}` },
    });
    expect(reply.statusCode).toBe(201);
    audits.push(reply.json());
  }
});
afterAll(() => t.close());

const list = (query: string, cookie = moderator) =>
  t.app.inject({ method: 'GET', url: `/api/audits${query}`, headers: { cookie } });

describe('the Audits page API', () => {
  it('is for moderators and admins, not auditors', async () => {
    expect((await list('', auditor.cookie)).statusCode).toBe(403);
    expect((await list('')).statusCode).toBe(200);
    const admin = (await t.loginAs('admin')).cookie;
    expect((await list('', admin)).statusCode).toBe(200);
  });

  it('filters by result, failed item, auditor, campaign, texter and period', async () => {
    const ids = async (query: string) => ((await list(query)).json() as AuditPage).audits.map((a) => a.id);
    const [allPass, toneFail, optoutFail, twoFail] = audits.map((a) => a.id);
    expect(await ids('')).toHaveLength(4);
    expect((await ids('?result=passed')).sort()).toEqual([allPass, toneFail].sort());
    expect((await ids('?result=failed')).sort()).toEqual([optoutFail, twoFail].sort());
    expect(await ids('?item=optout')).toEqual([optoutFail]);
    expect(await ids('?item=tag&result=failed')).toEqual([twoFail]);
    expect(await ids(`?auditor_id=${other.user.id}`)).toEqual([]);
    expect(await ids(`?auditor_id=${auditor.user.id}`)).toHaveLength(4);
    const first = ((await list('')).json() as AuditPage).audits[0];
    expect(first).toMatchObject({ auditor: { name: 'Ana Auditor' }, campaign: { title: 'Vote early' } });
    expect(await ids(`?campaign_id=${first?.campaign.id}`)).toHaveLength(4);
    const texter = first?.texter?.id as number;
    const texterIds = await ids(`?texter_id=${texter}&item=tone`);
    for (const id of texterIds) expect([toneFail]).toContain(id);
    expect(await ids(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect(await ids(`?to=${new Date(Date.now() + 60_000).toISOString()}`)).toHaveLength(4);
    const failedRow = ((await list('?item=tag')).json() as AuditPage).audits[0];
    expect(failedRow).toMatchObject({
      failed_items: ['question', 'tag'],
      passed: false,
      score: 0.5,
      note: 'note 3',
    });
  });

  it('offers the rubric items, and the campaigns and auditors that have audits', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: '/api/audit/filters',
      headers: { cookie: moderator },
    });
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(body.items.map((i: { key: string }) => i.key)).toEqual(['question', 'tag', 'optout', 'tone']);
    expect(body.campaigns).toEqual([{ id: expect.any(Number), title: 'Vote early' }]);
    expect(body.auditors).toEqual([{ id: auditor.user.id, name: 'Ana Auditor' }]);
  });

  it('sorts by score and pages by cursor without gaps or repeats', async () => {
    const first = (await list('?sort=score&order=asc&limit=3')).json() as AuditPage;
    expect(first.audits.map((a) => a.score)).toEqual([0.5, 0.75, 0.75]);
    expect(first.next).toEqual(expect.any(String));
    const second = (await list(`?sort=score&order=asc&limit=3&cursor=${first.next}`)).json() as AuditPage;
    expect(second.audits.map((a) => a.score)).toEqual([1]);
    expect(second.next).toBeNull();
    const seen = [...first.audits, ...second.audits].map((a) => a.id);
    expect(new Set(seen).size).toBe(4);
  });

  it('answers 400 naming the field for bad input', async () => {
    const bad = async (query: string, code: string, field: string) => {
      const reply = await list(query);
      expect(reply.statusCode, query).toBe(400);
      const { error } = reply.json();
      expect(error.code, query).toBe(code);
      expect(JSON.stringify(error.details ?? error.message), query).toContain(field);
    };
    await bad('?cursor=not-a-cursor', 'bad_cursor', 'cursor');
    const page = (await list('?limit=1')).json() as AuditPage;
    // A cursor of the date sort does not fit the score sort.
    await bad(`?sort=score&cursor=${page.next}`, 'bad_cursor', 'cursor');
    await bad('?item=nosuchitem', 'unknown_rubric_item', 'item');
    await bad('?item=Bad%20Key', 'validation_failed', 'item');
    await bad('?sort=name', 'validation_failed', 'sort');
    await bad('?result=maybe', 'validation_failed', 'result');
    await bad('?texter_id=abc', 'validation_failed', 'texter_id');
    await bad('?from=yesterday', 'validation_failed', 'from');
    await bad('?limit=1000', 'validation_failed', 'limit');
    await bad('?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'bad_audit_period', 'to');
  });

  it('answers edge values without a server error', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const query of [
      '?from=0000-01-01T00:00:00Z',
      '?to=9999-12-31T23:59:59Z',
      '?from=1900-02-29T00:00:00Z',
      `?cursor=${cursor(['created_at', 'desc', '9999-12-31T23:59:59.999999Z', 1])}`,
      `?sort=score&cursor=${cursor(['score', 'desc', 1e308, 1])}`,
      `?cursor=${cursor(['created_at', 'desc', '2026-01-01T00:00:00.000000Z', Number.MAX_SAFE_INTEGER])}`,
    ]) {
      const reply = await list(query);
      expect(reply.statusCode, query).toBeLessThan(500);
    }
    const texter = await t.app.inject({
      method: 'GET',
      url: '/api/texters/1/review?from=0000-01-01T00:00:00Z',
      headers: { cookie: moderator },
    });
    expect(texter.statusCode).toBeLessThan(500);
  });

  it('shows one audit with its conversation, rubric items and history; 404 for none', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/audits/${audits[1]?.id}`,
      headers: { cookie: moderator },
    });
    expect(reply.statusCode).toBe(200);
    const detail = reply.json();
    expect(detail.scores).toEqual(SCORES[1]);
    expect(detail.rubric_items.map((i: { key: string }) => i.key)).toEqual([
      'question',
      'tag',
      'optout',
      'tone',
    ]);
    expect(detail.conversation.conversation.id).toBe(audits[1]?.conversation_id);
    expect(detail.history).toEqual([]);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/audits/999999',
      headers: { cookie: moderator },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe("a texter's page", () => {
  it('gives the audits over a period with the pass rate of each item', async () => {
    const row = ((await list('?item=optout')).json() as AuditPage).audits[0];
    const texterId = row?.texter?.id as number;
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/texters/${texterId}/review?from=${new Date(Date.now() - 86_400_000).toISOString()}`,
      headers: { cookie: moderator },
    });
    expect(reply.statusCode).toBe(200);
    const review = reply.json() as TexterReview;
    expect(review.total).toBe(review.audits.length);
    expect(review.audits.every((a) => a.texter?.id === texterId)).toBe(true);
    const optout = review.items.find((i) => i.key === 'optout');
    expect(optout).toMatchObject({ label: 'Opt-out', audits: review.total });
    expect(optout?.passed).toBe(review.total - 1);
    expect(review.items.map((i) => i.key)).toEqual(['question', 'tag', 'optout', 'tone']);

    const notFound = await t.app.inject({
      method: 'GET',
      url: '/api/texters/2147483647/review',
      headers: { cookie: moderator },
    });
    expect(notFound.statusCode).toBe(404);
    const auditorTry = await t.app.inject({
      method: 'GET',
      url: `/api/texters/${texterId}/review`,
      headers: { cookie: auditor.cookie },
    });
    expect(auditorTry.statusCode).toBe(403);
  });
});

describe('correcting an audit', () => {
  const patch = (id: number, payload: object, cookie = auditor.cookie) =>
    t.app.inject({ method: 'PATCH', url: `/api/audits/${id}`, headers: { cookie }, payload });

  it("shows the batch's audits and summary to its auditor", async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/audit/batches/${batchId}/audits`,
      headers: { cookie: auditor.cookie },
    });
    expect(reply.statusCode).toBe(200);
    const body = reply.json() as BatchAudits;
    expect(body.summary).toEqual({
      audited: 4,
      passed: 2,
      failed_items: { question: 1, tag: 1, optout: 1, tone: 1 },
    });
    expect(body.audits[0]?.correctable_until).toBe(body.expires_at);
    const notMine = await t.app.inject({
      method: 'GET',
      url: `/api/audit/batches/${batchId}/audits`,
      headers: { cookie: other.cookie },
    });
    expect(notMine.statusCode).toBe(404);
  });

  it('recomputes passed and score, keeps the previous version in the history', async () => {
    const id = audits[2]?.id as number;
    const reply = await patch(id, { scores: PASS, note: 'Opt-out was fine after all' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      passed: true,
      score: 1,
      failed_items: [],
      note: 'Opt-out was fine after all',
    });
    const second = await patch(id, { scores: { ...PASS, tone: false } });
    expect(second.json()).toMatchObject({ passed: true, score: 0.75, failed_items: ['tone'] });
    expect(second.json().note).toBe('Opt-out was fine after all');

    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/audits/${id}`, headers: { cookie: moderator } })
    ).json();
    expect(detail.history).toHaveLength(2);
    expect(detail.history[0]).toMatchObject({
      scores: SCORES[2],
      passed: false,
      score: 0.75,
      note: 'note 2',
      changed_by: { id: auditor.user.id },
    });
    expect(detail.history[1]).toMatchObject({ passed: true, score: 1 });
    expect(detail.updated_at).toEqual(expect.any(String));
    // The failed-item filter follows the correction.
    const byItem = ((await list('?item=optout')).json() as AuditPage).audits.map((a) => a.id);
    expect(byItem).not.toContain(id);
    expect(((await list('?item=tone')).json() as AuditPage).audits.map((a) => a.id)).toContain(id);
  });

  it("refuses others, bad scores, and corrections after the batch's time ran out", async () => {
    const id = audits[0]?.id as number;
    const notMine = await patch(id, { scores: PASS }, other.cookie);
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('not_your_audit');
    const badScores = await patch(id, { scores: { question: true } });
    expect(badScores.statusCode).toBe(400);
    expect(badScores.json().error.code).toBe('bad_scores');
    const moderatorTry = await patch(id, { scores: PASS }, moderator);
    expect(moderatorTry.statusCode).toBe(403);

    await sql`update audit_batches set expires_at = now() - interval '1 second' where id = ${batchId}`.execute(
      testDb.db,
    );
    const late = await patch(id, { scores: PASS });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('correction_closed');
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/audit/batches/${batchId}/audits`,
      headers: { cookie: auditor.cookie },
    });
    expect(summary.json().audits[0].correctable_until).toBeNull();
  });
});
