import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDetail, ItemSummary, QueuePage } from '../../common/api/moderation.js';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { seedMessages } from '../../test/harness/moderation.js';

const testDb = setupTestDatabase();
let t: TestApp;
let auditor: { user: { id: number }; cookie: string };
let modA: { user: { id: number }; cookie: string };
let modB: { user: { id: number }; cookie: string };
let adminCookie: string;
let messages: { id: number; conversation_id: number }[] = [];

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  await seedCampaigns(testDb.db, [
    { title: 'Vote early', conversations: 6, newest: new Date(Date.now() - 60_000) },
  ]);
  messages = await seedMessages(testDb.db, ['Hi, will you vote?', 'No, go away']);
  auditor = await t.loginAs('auditor', { name: 'Ana Auditor' });
  modA = await t.loginAs('moderator', { name: 'Mod A' });
  modB = await t.loginAs('moderator', { name: 'Mod B' });
  adminCookie = (await t.loginAs('admin')).cookie;
});
afterAll(() => t.close());

const post = (url: string, cookie: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const flag = (
  cookie: string,
  message: { id: number; conversation_id: number },
  type: number | string,
  note?: string,
) =>
  post('/api/flags', cookie, {
    message_id: message.id,
    conversation_id: message.conversation_id,
    type,
    note,
  });

describe('flags', () => {
  it('any staff member flags a message; a repeat pending flag is a 409 naming it', async () => {
    const m = messages[0]!;
    const first = await flag(auditor.cookie, m, 'inappropriate', 'rude');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      type: { id: 4, name_key: 'inappropriate' },
      flagger: { kind: 'user', id: auditor.user.id },
    });
    const again = await flag(auditor.cookie, m, 4);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'flag_exists', details: { flag_id: first.json().id } });
    // Another type, or another flagger: same item.
    const other = await flag(modA.cookie, { id: m.id, conversation_id: m.conversation_id }, 8);
    expect(other.statusCode).toBe(201);
    expect(other.json().item_id).toBe(first.json().item_id);
  });

  it('finds the message without its conversation, refuses unknown types and messages', async () => {
    const m = messages[1]!;
    const reply = await post('/api/flags', modB.cookie, { message_id: m.id, type: 3 });
    expect(reply.statusCode).toBe(201);
    expect((await flag(modB.cookie, m, 999)).json().error.code).toBe('unknown_flag_type');
    expect((await post('/api/flags', modB.cookie, { message_id: 9_999_999, type: 3 })).statusCode).toBe(404);
    const bad = await post('/api/flags', modB.cookie, { message_id: 'x', type: 3, note: 5 });
    expect(bad.statusCode).toBe(400);
  });

  it('custom flag types are admin-only and get ids from 1000', async () => {
    const body = { name_key: 'doxxing', name: 'Personal data', severity: 4 };
    expect((await post('/api/moderation/flag-types', modA.cookie, body)).statusCode).toBe(403);
    const created = await post('/api/moderation/flag-types', adminCookie, body);
    expect(created.statusCode).toBe(201);
    expect(created.json().id).toBeGreaterThanOrEqual(1000);
    expect((await post('/api/moderation/flag-types', adminCookie, body)).json().error.code).toBe(
      'flag_type_taken',
    );
    const list = await get('/api/moderation/flag-types', auditor.cookie);
    expect(list.json().types.map((x: { id: number }) => x.id)).toEqual([
      3,
      4,
      6,
      7,
      8,
      10,
      created.json().id,
    ]);
  });
});

describe('the queue', () => {
  it('is for moderators and admins; pending first, most severe first, then oldest, with keyset paging', async () => {
    expect((await get('/api/moderation/queue', auditor.cookie)).statusCode).toBe(403);
    await flag(auditor.cookie, messages[2]!, 'illegal');
    await flag(auditor.cookie, messages[3]!, 'off_topic');
    const all = (await get('/api/moderation/queue', modA.cookie)).json() as QueuePage;
    expect(all.items.map((i) => i.severity)).toEqual([5, 3, 1, 1]);
    expect(all.items[0]!.types).toEqual(['Illegal']);
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await get(`/api/moderation/queue?limit=1${query}`, modA.cookie)).json() as QueuePage;
      pages.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages).toEqual(all.items.map((i) => i.id));
    expect((await get('/api/moderation/queue?cursor=nonsense', modA.cookie)).json().error.code).toBe(
      'bad_cursor',
    );
  });

  it('filters by type, flagger and campaign', async () => {
    const byType = (await get('/api/moderation/queue?type=8', modA.cookie)).json() as QueuePage;
    expect(byType.items).toHaveLength(1);
    const byFlagger = (
      await get(`/api/moderation/queue?flagger=${modB.user.id}`, modA.cookie)
    ).json() as QueuePage;
    expect(byFlagger.items.map((i) => i.message.id)).toEqual([messages[1]!.id]);
    expect((await get('/api/moderation/queue?campaign=999', modA.cookie)).json().items).toEqual([]);
  });
});

async function itemOf(messageIndex: number): Promise<ItemSummary> {
  const page = (await get('/api/moderation/queue?status=all&limit=200', modA.cookie)).json() as QueuePage;
  return page.items.find((i) => i.message.id === messages[messageIndex]!.id)!;
}

describe('claims and resolutions', () => {
  it('a claim blocks others until it is released or expires', async () => {
    const item = await itemOf(2);
    const claimed = await post(`/api/moderation/items/${item.id}/claim`, modA.cookie, {});
    expect(claimed.json().claimed_by).toMatchObject({ id: modA.user.id });
    const refused = await post(`/api/moderation/items/${item.id}/resolve`, modB.cookie, {
      action: 'agree',
      version: claimed.json().version,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'item_claimed', details: { item: { id: item.id } } });
    // The claim expires: another moderator may take it.
    await sql`update moderation_items set claim_expires_at = now() - interval '1 second' where id = ${item.id}`.execute(
      testDb.db,
    );
    const taken = await post(`/api/moderation/items/${item.id}/claim`, modB.cookie, {});
    expect(taken.statusCode).toBe(200);
    expect(taken.json().claimed_by).toMatchObject({ id: modB.user.id });
    const detail = (await get(`/api/moderation/items/${item.id}`, modA.cookie)).json() as ItemDetail;
    expect(detail.history.map((h) => [h.action, h.by?.id ?? null])).toEqual([
      ['created', auditor.user.id],
      ['claimed', modA.user.id],
      ['unclaimed', null],
      ['claimed', modB.user.id],
    ]);
    await post(`/api/moderation/items/${item.id}/unclaim`, modB.cookie, {});
  });

  it('two moderators resolving at once: exactly one wins, the other gets 409 with the current state', async () => {
    const item = await itemOf(0);
    const [a, b] = await Promise.all([
      post(`/api/moderation/items/${item.id}/resolve`, modA.cookie, {
        action: 'agree',
        version: item.version,
        note: 'yes',
      }),
      post(`/api/moderation/items/${item.id}/resolve`, modB.cookie, {
        action: 'disagree',
        version: item.version,
      }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
    expect(loser.json().error.code).toBe('stale_item');
    expect(loser.json().error.details.item).toEqual(winner.json());
    const detail = (await get(`/api/moderation/items/${item.id}`, modA.cookie)).json() as ItemDetail;
    expect(detail.flags.every((f) => f.resolution === winner.json().status)).toBe(true);
    expect(detail.flags.every((f) => f.resolved_by?.id === winner.json().resolved_by.id)).toBe(true);
  });

  it('reopen clears the resolution, keeps the history; a new flag on a resolved item reopens it', async () => {
    const item = await itemOf(3);
    const deferred = await post(`/api/moderation/items/${item.id}/resolve`, modA.cookie, {
      action: 'defer',
      version: item.version,
    });
    expect(deferred.json()).toMatchObject({ status: 'deferred', resolved_by: { id: modA.user.id } });
    expect(
      (
        await post(`/api/moderation/items/${item.id}/resolve`, modA.cookie, {
          action: 'agree',
          version: deferred.json().version,
        })
      ).json().error.code,
    ).toBe('item_not_pending');
    const reopened = await post(`/api/moderation/items/${item.id}/reopen`, modB.cookie, {
      version: deferred.json().version,
    });
    expect(reopened.json()).toMatchObject({ status: 'pending', resolved_at: null, pending_flag_count: 1 });
    const agreed = await post(`/api/moderation/items/${item.id}/resolve`, modB.cookie, {
      action: 'agree',
      version: reopened.json().version,
    });
    expect(agreed.json().status).toBe('agreed');
    const again = await flag(modA.cookie, messages[3]!, 'spam');
    expect(again.statusCode).toBe(201);
    const detail = (await get(`/api/moderation/items/${item.id}`, modA.cookie)).json() as ItemDetail;
    expect(detail.item.status).toBe('pending');
    expect(detail.history.map((h) => h.action)).toEqual([
      'created',
      'deferred',
      'reopened',
      'agreed',
      'reopened',
      'created',
    ]);
    expect(detail.flags.map((f) => f.resolution)).toEqual(['agreed', null]);
    expect(detail.conversation.messages.map((m) => m.id)).toContain(messages[3]!.id);
    const row = await testDb.db
      .selectFrom('moderation_items')
      .selectAll()
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect([row.agreed_at, row.disagreed_at, row.deferred_at]).toEqual([null, null, null]);
  });
});
