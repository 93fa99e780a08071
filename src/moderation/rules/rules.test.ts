import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDetail, QueuePage } from '../../../common/api/moderation.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { seedCampaigns } from '../../../test/harness/factories.js';
import { seedMessages } from '../../../test/harness/moderation.js';
import { queueRuleRun } from './queue-run.js';
import { runRules, runRulesOnNewMessages } from './run.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let campaigns: number[] = [];

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  campaigns = await seedCampaigns(testDb.db, [
    { title: 'One', conversations: 4, newest: new Date(Date.now() - 60_000) },
    { title: 'Two', conversations: 2, newest: new Date(Date.now() - 60_000) },
  ]);
  // Texter / contact, in turn: 'Vote for Ana' / 'STOP', 'You idiot' / 'Não, obrigado'.
  await seedMessages(testDb.db, ['Vote for Ana', 'PARAR', 'You IDIOT', 'Não, obrigado']);
  admin = (await t.loginAs('admin')).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, cookie = admin) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('rules', () => {
  it('are admin-only; refuse broken and non-linear regexes, keyword rules without terms', async () => {
    const moderator = (await t.loginAs('moderator')).cookie;
    expect((await call('GET', '/api/moderation/rules', undefined, moderator)).statusCode).toBe(403);
    const list = await call('GET', '/api/moderation/rules');
    expect(list.json().rules.map((r: { kind: string }) => r.kind)).toEqual([
      'profanity',
      'stop_not_opted_out',
    ]);
    const backref = await call('POST', '/api/moderation/rules', {
      name: 'r',
      kind: 'regex',
      pattern: '(a)\\1',
      flag_type_id: 8,
    });
    expect(backref.statusCode).toBe(400);
    expect(backref.json().error.code).toBe('invalid_regex');
    const empty = await call('POST', '/api/moderation/rules', {
      name: 'k',
      kind: 'keyword',
      terms: [' '],
      flag_type_id: 8,
    });
    expect(empty.json().error.details).toEqual([{ field: 'terms' }]);
    const badType = await call('POST', '/api/moderation/rules', {
      name: 'k',
      kind: 'keyword',
      terms: ['x'],
      flag_type_id: 99,
    });
    expect(badType.json().error.code).toBe('unknown_flag_type');
  });

  it('a catastrophic pattern runs over a long message without stalling', async () => {
    const rule = await call('POST', '/api/moderation/rules', {
      name: 'ReDoS',
      kind: 'regex',
      pattern: '(a+)+$',
      flag_type_id: 8,
    });
    expect(rule.statusCode).toBe(201);
    const [conversation] = await sql<{
      id: number;
    }>`select id from conversations where campaign_id = ${campaigns[1]!} order by id limit 1`
      .execute(testDb.db)
      .then((r) => r.rows);
    await sql`insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
              values (${conversation!.id}, 'long', false, ${`${'a'.repeat(100_000)}!`}, now())`.execute(
      testDb.db,
    );
    const start = performance.now();
    const preview = await call('POST', `/api/moderation/rules/${rule.json().id}/preview`, {
      campaign_id: campaigns[1],
    });
    // Only the message ending in "a" matches, not the long one ending in "!".
    expect(preview.json()).toMatchObject({ matched: 1, samples: [{ text: 'Vote for Ana' }] });
    expect(performance.now() - start).toBeLessThan(5000);
    await call('PATCH', `/api/moderation/rules/${rule.json().id}`, { enabled: false });
  });

  it('"test this rule on a campaign" previews without flagging; run flags with the rule as flagger, once', async () => {
    const rule = await call('POST', '/api/moderation/rules', {
      name: 'Candidates',
      kind: 'keyword',
      terms: ['ana'],
      flag_type_id: 7,
    });
    const id = rule.json().id;
    const preview = await call('POST', `/api/moderation/rules/${id}/preview`, { campaign_id: campaigns[0] });
    expect(preview.json()).toMatchObject({ scanned: 8, matched: 2 });
    expect(preview.json().samples[0].text).toBe('Vote for Ana');
    expect(await testDb.db.selectFrom('flags').select('id').execute()).toEqual([]);
    const run = await call('POST', `/api/moderation/rules/${id}/run`, { campaign_id: campaigns[0] });
    expect(run.json()).toEqual({ scanned: 8, flagged: 2 });
    expect(
      (await call('POST', `/api/moderation/rules/${id}/run`, { campaign_id: campaigns[0] })).json().flagged,
    ).toBe(0);
    const queue = (await call('GET', `/api/moderation/queue?rule=${id}`)).json() as QueuePage;
    expect(queue.items).toHaveLength(2);
    const detail = (await call('GET', `/api/moderation/items/${queue.items[0]!.id}`)).json() as ItemDetail;
    expect(detail.flags[0]!.flagger).toEqual({ kind: 'rule', id, name: 'Candidates' });
    expect(detail.history[0]).toMatchObject({ action: 'created', by: { kind: 'rule', id } });
    await call('PATCH', `/api/moderation/rules/${id}`, { enabled: false });
  });

  it('after an import: the built-in rules flag profanity and unheeded stops in new messages only', async () => {
    await sql`update moderation_settings set rules_scanned_through = 0`.execute(testDb.db);
    // One contact who wrote PARAR was opted out: not flagged.
    await sql`update conversations set opted_out = true where id = (select min(id) from conversations)`.execute(
      testDb.db,
    );
    await queueRuleRun(testDb.db);
    const job = await sql<{
      task_identifier: string;
    }>`select task_identifier from graphile_worker.jobs`.execute(testDb.db);
    expect(job.rows.map((r) => r.task_identifier)).toContain('moderation_rules');
    // With a pool the new messages are read with COPY (the worker's way).
    const first = await runRulesOnNewMessages(testDb.db, new Date(), testDb.pool);
    // 6 conversations: 3 with "You IDIOT" (profanity), 3 with "PARAR" of which 1 opted out.
    expect(first.flagged).toBe(5);
    const types = await sql<{ flag_type_id: number; n: number }>`
      select flag_type_id, count(*)::int as n from flags where flagger_rule_id in (1, 2) group by 1 order by 1`.execute(
      testDb.db,
    );
    expect(types.rows).toEqual([
      { flag_type_id: 4, n: 3 },
      { flag_type_id: 7, n: 2 },
    ]);
    // The mark moves to the highest id the scan read.
    const { rows: last } = await sql<{ max: number }>`select max(id) as max from messages`.execute(testDb.db);
    expect(first.through).toBe(last[0]!.max);
    const again = await runRulesOnNewMessages(testDb.db, new Date());
    expect(again).toMatchObject({ scanned: 0, through: last[0]!.max });
  });

  it('reads the same through COPY as through a cursor, escapes included', async () => {
    const text = 'Tab\there, a "new\nline", a back\\slash \\n, você é um IDIOTA';
    const { rows } = await sql<{ id: number }>`
      insert into messages (conversation_id, spoke_key, from_contact, texter_id, text, sent_at)
      select id, 'escapes', false, texter_id, ${text}, now() from conversations order by id limit 1
      returning id`.execute(testDb.db);
    const rules = await testDb.db
      .selectFrom('moderation_rules')
      .selectAll()
      .where('enabled', '=', true)
      .execute();
    const scope = { afterMessageId: 0, throughMessageId: Number.MAX_SAFE_INTEGER };
    const read = async (pool?: typeof testDb.pool) => {
      const result = await runRules(testDb.db, rules, scope, { flag: false, now: new Date(), pool });
      const samples = [...result.samples].sort((a, b) => a.message_id - b.message_id);
      return { scanned: result.scanned, matched: result.matched, samples };
    };
    const viaCopy = await read(testDb.pool);
    expect(viaCopy).toEqual(await read());
    expect(viaCopy.samples.find((sample) => sample.message_id === Number(rows[0]!.id))?.text).toBe(text);
    await sql`delete from messages where spoke_key = 'escapes'`.execute(testDb.db);
  });

  it('a resolved rule flag is not raised again when the rule runs over the campaign', async () => {
    const profanity = 1;
    const page = (await call('GET', `/api/moderation/queue?rule=${profanity}`)).json() as QueuePage;
    const item = page.items[0]!;
    await call('POST', `/api/moderation/items/${item.id}/resolve`, {
      action: 'disagree',
      version: item.version,
    });
    const rerun = await call('POST', `/api/moderation/rules/${profanity}/run`, { campaign_id: campaigns[0] });
    expect(rerun.json().flagged).toBe(0);
    const after = (await call('GET', `/api/moderation/items/${item.id}`)).json() as ItemDetail;
    expect(after.item.status).toBe('disagreed');
  });

  /** Texter messages of their own in campaign Two, after everything the rules ran on so far. */
  async function texterMessages(key: string, ...texts: string[]) {
    const { rows } = await sql<{ id: number; conversation_id: number; campaign_id: number }>`
      insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
      select c.id, ${key} || t.n, false, t.text, now()
        from (select id from conversations where campaign_id = ${campaigns[1]!} order by id limit 1) c
       cross join unnest(${texts}::text[]) with ordinality t (text, n)
       order by t.n
      returning id, conversation_id, ${campaigns[1]!}::integer as campaign_id`.execute(testDb.db);
    return rows;
  }

  it('a rule matching a message already in the queue raises its item, or reopens it when resolved', async () => {
    const [resolved, pending] = await texterMessages('queued-', 'Seu idiota', 'Que merda');
    const flag = async (m: { id: number; conversation_id: number }) =>
      (
        await call('POST', '/api/flags', { message_id: m.id, conversation_id: m.conversation_id, type: 3 })
      ).json();
    const detail = async (id: number) =>
      (await call('GET', `/api/moderation/items/${id}`)).json() as ItemDetail;
    const first = await flag(resolved!);
    const version = (await detail(first.item_id)).item.version;
    await call('POST', `/api/moderation/items/${first.item_id}/resolve`, { action: 'disagree', version });
    const second = await flag(pending!);
    const before = (await detail(second.item_id)).item;

    const run = await call('POST', '/api/moderation/rules/1/run', { campaign_id: campaigns[1] });
    expect(run.json().flagged).toBe(2);
    const reopened = await detail(first.item_id);
    expect(reopened.item).toMatchObject({ status: 'pending', severity: 3, resolved_at: null });
    expect(reopened.history.map((entry) => [entry.action, entry.by?.kind])).toEqual([
      ['created', 'user'],
      ['disagreed', 'user'],
      ['reopened', 'rule'],
      ['created', 'rule'],
    ]);
    const raised = await detail(second.item_id);
    // Inappropriate (3) outranks off topic (1); still waiting since the first flag.
    expect(raised.item).toMatchObject({
      status: 'pending',
      severity: 3,
      version: before.version + 1,
      pending_since: before.pending_since,
    });
    expect(raised.flags.map((f) => f.flagger.kind).sort()).toEqual(['rule', 'user']);
  });

  it("a person's flag committed while the rules flag the same message: one item holds both", async () => {
    const [message] = await texterMessages('raced-', 'IDIOTA');
    const person = await testDb.pool.connect();
    try {
      await person.query('begin');
      await person.query(
        `insert into moderation_items (message_id, conversation_id, campaign_id, severity, pending_since, created_at, updated_at)
         values ($1, $2, $3, 1, now(), now(), now())`,
        [message!.id, message!.conversation_id, message!.campaign_id],
      );
      // The rules' insert of the same item waits for the person's transaction, then finds it.
      const rules = sql<{ raised: number }>`
        select moderation_flag_matches(${[message!.id]}::bigint[], ${[message!.conversation_id]}::bigint[],
                                       '{f}'::boolean[], '{null}'::integer[], '{1}'::integer[], now()) as raised`.execute(
        testDb.db,
      );
      await expect.poll(async () => (await waitingOnLocks()) > 0, { timeout: 10_000 }).toBe(true);
      await person.query('commit');
      expect((await rules).rows[0]!.raised).toBe(1);
    } finally {
      person.release();
    }
    const { rows } = await sql<{ items: number; version: number; flags_in_item: number }>`
      select count(*)::int as items, max(i.version) as version,
             (select count(*)::int from flags f where f.item_id = max(i.id)) as flags_in_item
        from moderation_items i where i.message_id = ${message!.id}`.execute(testDb.db);
    expect(rows[0]).toEqual({ items: 1, version: 2, flags_in_item: 1 });
  });
});

async function waitingOnLocks(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'`.execute(testDb.db);
  return rows[0]!.n;
}
