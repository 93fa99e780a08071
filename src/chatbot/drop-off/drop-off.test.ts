import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DropOffStep, DropOffView } from '../../../common/api/bot-drop-off.js';
import { buildTestApp, type TestApp, testConfig } from '../../../test/harness/app.js';
import { demoBotId } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import {
  type ExpectedStep,
  expectedDropOff,
  type PlannedConversation,
  seedDropOffWalks,
} from '../../../test/harness/drop-off-walks.js';
import { builtinReport } from '../../reports/builtins.js';
import type { ReportContext } from '../../reports/run.js';
import { closeReportPools } from '../../reports/runner/pools.js';
import { runReport } from '../../reports/service.js';

/**
 * Where people drop off: the canvas's API and the built-in report `chatbot-drop-off` give the
 * numbers the engine's own plan of the conversations gives, and the same ones; for every step,
 * reached = went on + gave up + timed out + still there. The conversations are seeded random walks
 * of the demo bot sent through the runtime, over four days (the last day's left running).
 */
const testDb = setupTestDatabase();
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-05'];
let t: TestApp;
let admin: string;
let botId: number;
let otherBotId: number;
let planned: PlannedConversation[];
let otherPlanned: PlannedConversation[];

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
  botId = await demoBotId(testDb.db);
  otherBotId = await demoBotId(testDb.db, 'Another bot');
  planned = await seedDropOffWalks(testDb.db, botId, { users: 90, seed: 16, days: DAYS });
  otherPlanned = await seedDropOffWalks(testDb.db, otherBotId, { users: 12, seed: 61, days: DAYS });
}, 180_000);
afterAll(async () => {
  await closeReportPools();
  await t.close();
});

async function api(query = '', id = botId): Promise<DropOffView> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/bots/${id}/drop-off${query}`,
    headers: { cookie: admin },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as DropOffView;
}

type Counts = Omit<DropOffStep, 'code' | 'questionnaire_id'>;
const countsOf = ({ reached, went_on, gave_up, timed_out, still_there }: Counts): ExpectedStep => ({
  reached,
  went_on,
  gave_up,
  timed_out,
  still_there,
});

function byCode(steps: readonly DropOffStep[]): Map<string, ExpectedStep> {
  return new Map(steps.map((step) => [step.code, countsOf(step)]));
}

function sorted(map: Map<string, ExpectedStep>) {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

async function report(params: Record<string, unknown>) {
  const ctx: ReportContext = { db: testDb.db, config: testConfig(), databaseUrl: testDb.url };
  const found = builtinReport('chatbot-drop-off');
  if (!found) throw new Error('no built-in chatbot-drop-off');
  const result = await runReport(ctx, { report: found, params, actorId: null, via: 'cli' }, 1000);
  const names = result.columns.map((c) => c.name);
  return result.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}

describe('where people drop off', () => {
  it('the API gives what the engine planned, and every step adds up', async () => {
    const view = await api();
    const expected = expectedDropOff(planned);
    expect(sorted(byCode(view.steps))).toEqual(sorted(expected));
    expect(view.conversations).toBe(planned.length);
    for (const step of view.steps) {
      expect(step.went_on + step.gave_up + step.timed_out + step.still_there, step.code).toBe(step.reached);
    }
    // The walks reach every kind of outcome, so the test can tell them apart.
    const total = (key: keyof ExpectedStep) => view.steps.reduce((sum, step) => sum + step[key], 0);
    for (const key of ['went_on', 'gave_up', 'timed_out', 'still_there'] as const) {
      expect(total(key), key).toBeGreaterThan(0);
    }
    expect(view.steps.find((s) => s.code === 'node_tos')).toMatchObject({ questionnaire_id: null });
    expect(view.steps.find((s) => s.code === 'P1')).toMatchObject({ questionnaire_id: 'demo' });
  });

  it('filters by the days conversations started on and by the tag they ended with', async () => {
    const middle = await api('?from=2026-11-02&to=2026-11-03');
    expect(sorted(byCode(middle.steps))).toEqual(
      sorted(expectedDropOff(planned, { from: '2026-11-02', to: '2026-11-03' })),
    );
    expect(middle).toMatchObject({ from: '2026-11-02', to: '2026-11-03', tag: null });
    const last = await api('?from=2026-11-05');
    const lastSteps = byCode(last.steps);
    expect(sorted(lastSteps)).toEqual(sorted(expectedDropOff(planned, { from: '2026-11-05' })));
    // The last day's conversations were not timed out.
    expect([...lastSteps.values()].every((s) => s.timed_out === 0)).toBe(true);
    for (const tag of [0, 1, 2]) {
      const tagged = await api(`?tag=${tag}`);
      expect(sorted(byCode(tagged.steps)), `tag ${tag}`).toEqual(sorted(expectedDropOff(planned, { tag })));
    }
    expect((await api('?tag=1')).steps.length).toBeGreaterThan(0);
    expect((await api('?from=2027-01-01')).steps).toEqual([]);
  });

  it('counts the moves between steps, each conversation once', async () => {
    const view = await api();
    const moves = new Map(view.moves.map((m) => [`${m.from}>${m.to}`, m.conversations]));
    const expected = new Map<string, Set<PlannedConversation>>();
    for (const conversation of planned) {
      const steps = conversation.events.filter((e) => e.state.startsWith('DURING_'));
      steps.slice(1).forEach((event, i) => {
        const key = `${steps[i]?.step}>${event.step}`;
        expected.set(key, (expected.get(key) ?? new Set()).add(conversation));
      });
    }
    expect([...moves.entries()].sort()).toEqual([...expected.entries()].map(([k, v]) => [k, v.size]).sort());
    expect(moves.get('node_tos>node_tos_accepted')).toBeGreaterThan(0);
  });

  it('the built-in report gives the same numbers (run as the reports role), per bot and for all bots', async () => {
    for (const params of [{}, { start_date: '2026-11-02', end_date: '2026-11-03' }, { tag: 1 }]) {
      const query = new URLSearchParams(
        Object.entries(params).map(([k, v]) => [
          k === 'start_date' ? 'from' : k === 'end_date' ? 'to' : k,
          String(v),
        ]) as [string, string][],
      );
      const view = await api(`?${query}`);
      const rows = await report({ ...params, bot_id: botId });
      const fromReport = new Map(rows.map((row) => [row.step as string, countsOf(row as unknown as Counts)]));
      expect(sorted(fromReport), JSON.stringify(params)).toEqual(sorted(byCode(view.steps)));
      for (const row of rows) {
        const { reached, gave_up, timed_out } = row as unknown as Counts;
        const percent = (100 * (gave_up + timed_out)) / reached;
        expect(Math.abs(Number(row.drop_off_percent) - percent), String(row.step)).toBeLessThanOrEqual(
          0.05 + 1e-9,
        );
      }
    }
    const all = await report({});
    const other = byCode((await api('', otherBotId)).steps);
    expect(sorted(other)).toEqual(sorted(expectedDropOff(otherPlanned)));
    for (const [id, steps] of [
      [botId, byCode((await api()).steps)],
      [otherBotId, other],
    ] as const) {
      const rows = all.filter((row) => row.bot_id === id);
      expect(
        sorted(new Map(rows.map((row) => [row.step as string, countsOf(row as unknown as Counts)]))),
      ).toEqual(sorted(steps));
    }
  });

  it('refuses a period that ends before it starts, an unknown bot, and anyone but admins', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/bots/${botId}/drop-off?from=2026-11-03&to=2026-11-01`,
      headers: { cookie: admin },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'bad_period', details: { field: 'to' } });
    const malformed = await t.app.inject({
      method: 'GET',
      url: `/api/bots/${botId}/drop-off?from=yesterday&tag=-1`,
      headers: { cookie: admin },
    });
    expect(malformed.statusCode).toBe(400);
    for (const day of ['2026-02-30', '0000-01-01']) {
      const wrong = await t.app.inject({
        method: 'GET',
        url: `/api/bots/${botId}/drop-off?from=${day}`,
        headers: { cookie: admin },
      });
      expect(wrong.statusCode, day).toBe(400);
    }
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/bots/999999/drop-off',
      headers: { cookie: admin },
    });
    expect(missing.statusCode).toBe(404);
    const moderator = (await t.loginAs('moderator')).cookie;
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/bots/${botId}/drop-off`,
      headers: { cookie: moderator },
    });
    expect(refused.statusCode).toBe(403);
  });
});
