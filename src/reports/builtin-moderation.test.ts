import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness/app.js';
import { runCli } from '../../test/harness/cli.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { type SeededFlags, seedFlagHistory } from '../../test/harness/moderation-reports.js';
import { builtinReport } from './builtins.js';
import type { ReportContext } from './run.js';
import { closeReportPools } from './runner/pools.js';
import { runReport } from './service.js';

/** The moderation built-ins, run as parley_reports on a seeded queue: they return what it recorded. */
const testDb = setupTestDatabase();
let ctx: ReportContext;
let s: SeededFlags;
const NOVEMBER = { start_date: '2026-11-01', end_date: '2026-11-30' };

beforeAll(async () => {
  ctx = { db: testDb.db, config: testConfig(), databaseUrl: testDb.url };
  s = await seedFlagHistory(testDb.db);
}, 60_000);
afterAll(closeReportPools);

async function run(name: string, params: Record<string, unknown> = {}) {
  const report = builtinReport(name);
  if (!report) throw new Error(`no built-in ${name}`);
  const result = await runReport(ctx, { report, params, actorId: s.moderator, via: 'cli' }, 1000);
  const names = result.columns.map((c) => c.name);
  return result.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}

const TEXTER = 2 ** 31;
const CONTACT = 2 ** 32;

describe('moderation built-in reports', () => {
  it('flag-status lists every flag of the period in order, custom types and rule flags included', async () => {
    const rows = await run('flag-status', NOVEMBER);
    const m = s.messages.map((x) => x.id);
    const common = { flag_created: '2026-11-02' };
    expect(rows).toEqual([
      {
        type: 'inappropriate',
        flagged_message_id: m[0],
        texter_user_id: TEXTER + s.texters[0]!,
        flagger_user_id: s.auditor,
        ...common,
        resolution: 'agreed',
        assigned_user_id: s.moderator,
        // Deferred at 10 and reopened at 20: the flag keeps its one resolution, the agreement at 90.
        'resolution_time (minutes)': '90.00',
      },
      {
        type: 'doxxing',
        flagged_message_id: m[2],
        texter_user_id: TEXTER + s.texters[2]!,
        flagger_user_id: s.auditor,
        ...common,
        resolution: 'disagreed',
        assigned_user_id: s.moderator,
        'resolution_time (minutes)': '30.00',
      },
      {
        type: 'spam',
        flagged_message_id: m[4],
        texter_user_id: TEXTER + s.texters[4]!,
        flagger_user_id: s.auditor,
        ...common,
        resolution: null,
        assigned_user_id: null,
        'resolution_time (minutes)': null,
      },
      {
        type: 'inappropriate',
        flagged_message_id: m[1],
        texter_user_id: expect.any(Number),
        flagger_user_id: -1,
        ...common,
        resolution: 'agreed',
        assigned_user_id: s.moderator2,
        'resolution_time (minutes)': '60.00',
      },
    ]);
    // The contact wrote message 1: its author is in the contacts' range of ids.
    expect(rows[3]!.texter_user_id).toBeGreaterThan(CONTACT);
    // The end date is inclusive; December's flag is in December.
    expect(
      (await run('flag-status', { start_date: '2026-12-01', end_date: '2026-12-01' })).map((r) => r.type),
    ).toEqual(['off_topic']);
  });

  it('flagger-accuracy: per staff member or rule, the share agreed of those agreed or disagreed', async () => {
    const counts = { deferred: 0 };
    expect(await run('flagger-accuracy', NOVEMBER)).toEqual([
      {
        flagger_user_id: s.auditor,
        flagger_rule_id: null,
        flagger: 'Ana',
        flags: 3,
        agreed: 1,
        disagreed: 1,
        ...counts,
        pending: 1,
        accuracy_percent: '50.0',
      },
      {
        flagger_user_id: null,
        flagger_rule_id: s.ruleId,
        flagger: 'Rule: Profanity',
        flags: 1,
        agreed: 1,
        disagreed: 0,
        ...counts,
        pending: 0,
        accuracy_percent: '100.0',
      },
    ]);
  });

  it('flag-resolution-by-week: per week of creation, with pending flags and the minutes to resolution', async () => {
    expect(await run('flag-resolution-by-week')).toEqual([
      {
        week: '2026-11-02',
        flags: 4,
        resolved: 3,
        pending: 1,
        median_minutes: '60.0',
        p90_minutes: '84.0',
        mean_minutes: '60.0',
      },
      {
        week: '2026-11-30',
        flags: 1,
        resolved: 0,
        pending: 1,
        median_minutes: null,
        p90_minutes: null,
        mean_minutes: null,
      },
    ]);
  });

  it('flag-resolution-by-moderator: what each moderator resolved in the period and how fast', async () => {
    const times = (median: string, p90: string) => ({
      median_minutes: median,
      p90_minutes: p90,
      mean_minutes: '60.0',
    });
    expect(await run('flag-resolution-by-moderator', NOVEMBER)).toEqual([
      {
        moderator_user_id: s.moderator,
        moderator: 'Mo',
        resolved: 2,
        agreed: 1,
        disagreed: 1,
        deferred: 0,
        ...times('60.0', '84.0'),
      },
      {
        moderator_user_id: s.moderator2,
        moderator: 'Moe',
        resolved: 1,
        agreed: 1,
        disagreed: 0,
        deferred: 0,
        ...times('60.0', '60.0'),
      },
    ]);
    expect(
      await run('flag-resolution-by-moderator', { start_date: '2026-12-01', end_date: '2026-12-31' }),
    ).toEqual([]);
  });

  it('`parley report run flag-status` prints the CSV', async () => {
    const env = { DATABASE_URL: testDb.url, PARLEY_SECRET: 'test-secret-test-secret-test-secret!' };
    const out = await runCli(
      [
        'report',
        'run',
        'flag-status',
        '--param',
        'start_date=2026-11-01',
        '--param',
        'end_date=2026-11-30',
        '--format',
        'csv',
      ],
      env,
    );
    expect(out.stderr).toBe('');
    const [m0, m1, m2, , m4] = s.messages.map((x) => x.id);
    const lines = out.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'type,flagged_message_id,texter_user_id,flagger_user_id,flag_created,resolution,assigned_user_id,resolution_time (minutes)',
    );
    expect(lines.slice(1)).toEqual([
      `inappropriate,${m0},${TEXTER + s.texters[0]!},${s.auditor},2026-11-02,agreed,${s.moderator},90.00`,
      `doxxing,${m2},${TEXTER + s.texters[2]!},${s.auditor},2026-11-02,disagreed,${s.moderator},30.00`,
      `spam,${m4},${TEXTER + s.texters[4]!},${s.auditor},2026-11-02,,,`,
      expect.stringMatching(
        new RegExp(`^inappropriate,${m1},\\d+,-1,2026-11-02,agreed,${s.moderator2},60.00$`),
      ),
      '',
    ]);
  }, 120_000);
});
