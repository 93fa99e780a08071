import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { seedMessages } from '../../test/harness/moderation.js';
import { raiseFlag } from './commands/raise-flag.js';
import { reopenItem, resolveItem } from './commands/transitions.js';

/** The Discourse-compatible views, read as the reports role with Discourse's own table names. */
const testDb = setupTestDatabase();
let t: TestApp;
const ids: {
  auditor: number;
  moderator: number;
  texter: number;
  messages: { id: number; conversation_id: number }[];
} = {
  auditor: 0,
  moderator: 0,
  texter: 0,
  messages: [],
};
const T0 = new Date('2026-11-02T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  await seedCampaigns(testDb.db, [{ title: 'Vote', conversations: 3, newest: T0 }]);
  ids.messages = await seedMessages(testDb.db, ['You idiot', 'STOP']);
  ids.auditor = (await t.loginAs('auditor', { name: 'Ana', email: 'Ana.Auditor@example.org' })).user.id;
  ids.moderator = (await t.loginAs('moderator')).user.id;
  const [m0, , m2, , m4] = ids.messages;
  const flagger = { userId: ids.auditor };
  // Agreed after 90 minutes (after a defer and a reopen: the history has both, the flag one resolution).
  const a = await raiseFlag(testDb.db, { messageId: m0!.id, type: 4, flagger, now: T0 });
  await resolveItem(testDb.db, {
    itemId: a.itemId,
    actorId: ids.moderator,
    action: 'defer',
    now: minutes(10),
  });
  await reopenItem(testDb.db, { itemId: a.itemId, actorId: ids.moderator, now: minutes(20) });
  await resolveItem(testDb.db, {
    itemId: a.itemId,
    actorId: ids.moderator,
    action: 'agree',
    now: minutes(90),
  });
  // A custom type (id ≥ 1000), disagreed after 30 minutes; a spam flag still pending; one outside the dates.
  const custom = await testDb.db
    .insertInto('flag_types')
    .values({ name_key: 'doxxing', name: 'Doxxing', severity: 4 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const b = await raiseFlag(testDb.db, { messageId: m2!.id, type: custom.id, flagger, now: minutes(5) });
  await resolveItem(testDb.db, {
    itemId: b.itemId,
    actorId: ids.moderator,
    action: 'disagree',
    now: minutes(35),
  });
  await raiseFlag(testDb.db, { messageId: m4!.id, type: 8, flagger, now: minutes(6) });
  await raiseFlag(testDb.db, { messageId: m4!.id, type: 3, flagger, now: new Date('2026-12-01T00:00:00Z') });
  ids.texter = (
    await testDb.db
      .selectFrom('messages')
      .select('texter_id')
      .where('id', '=', m0!.id)
      .executeTakeFirstOrThrow()
  ).texter_id!;
});
afterAll(() => t.close());

// Discourse's Flag Status report, as written for its Data Explorer (every flag type, not a fixed list).
const FLAG_STATUS = `
  SELECT pat.name_key AS type,
         pa.post_id AS flagged_post_id,
         p.user_id AS texter_user_id,
         pa.user_id AS flagger_user_id,
         flagger.username_lower AS flagger,
         pa.created_at::date AS flag_created,
         CASE WHEN pa.agreed_at IS NOT NULL THEN 'agreed'
              WHEN pa.disagreed_at IS NOT NULL THEN 'disagreed'
              WHEN pa.deferred_at IS NOT NULL THEN 'deferred' END AS resolution,
         COALESCE(pa.agreed_by_id, pa.disagreed_by_id, pa.deferred_by_id) AS assigned_user_id,
         ROUND(EXTRACT(EPOCH FROM (COALESCE(pa.disagreed_at, pa.agreed_at, pa.deferred_at) - pa.created_at)) / 60, 2)
           AS "resolution_time (minutes)"
    FROM post_actions pa
    JOIN post_action_types pat ON pat.id = pa.post_action_type_id
    JOIN posts p ON p.id = pa.post_id
    JOIN users texter ON texter.id = p.user_id
    JOIN users flagger ON flagger.id = pa.user_id
   WHERE pa.post_action_type_id IN (SELECT id FROM post_action_types WHERE is_flag)
     AND pa.created_at BETWEEN $1 AND $2
   ORDER BY pa.created_at`;

describe('Discourse-compatible views', () => {
  it("run Discourse's Flag Status query unchanged as the reports role, with what the queue recorded", async () => {
    const client = await testDb.pool.connect();
    try {
      await client.query('set role parley_reports');
      await client.query('set search_path = discourse');
      const { rows } = await client.query(FLAG_STATUS, ['2026-11-01', '2026-11-30']);
      const texterUser = 2 ** 31 + ids.texter;
      expect(rows).toEqual([
        {
          type: 'inappropriate',
          flagged_post_id: ids.messages[0]!.id,
          texter_user_id: texterUser,
          flagger_user_id: ids.auditor,
          flagger: 'ana.auditor',
          flag_created: '2026-11-02',
          resolution: 'agreed',
          assigned_user_id: ids.moderator,
          'resolution_time (minutes)': '90.00',
        },
        expect.objectContaining({
          type: 'doxxing',
          resolution: 'disagreed',
          'resolution_time (minutes)': '30.00',
        }),
        expect.objectContaining({
          type: 'spam',
          resolution: null,
          assigned_user_id: null,
          'resolution_time (minutes)': null,
        }),
      ]);
      // The reports role reads the views, not the settings.
      await expect(client.query('select * from public.moderation_settings')).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('reset role; reset search_path').catch(() => undefined);
      client.release();
    }
  });

  it('posts number the conversation and escape the cooked text; users of each kind never collide', async () => {
    const { rows: posts } = await sql<{ post_number: number; cooked: string; topic_id: number }>`
      select post_number, cooked, topic_id from discourse.posts where topic_id = ${ids.messages[0]!.conversation_id}
       order by post_number`.execute(testDb.db);
    expect(posts.map((p) => p.post_number)).toEqual([1, 2]);
    const { rows: users } = await sql<{ n: number; distinct_ids: number }>`
      select count(*)::int as n, count(distinct id)::int as distinct_ids from discourse.users`.execute(
      testDb.db,
    );
    expect(users[0]!.n).toBe(users[0]!.distinct_ids);
    const { rows: topics } = await sql<{ title: string }>`select title from discourse.topics limit 1`.execute(
      testDb.db,
    );
    expect(topics[0]!.title).toMatch(/^Vote/);
  });
});
