import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { penhasBotId, TestChat } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { sweepTimeouts } from './timeouts.js';

/*
 * The PenhaS-compatible views in schema `penhas` (docs/compatibility.md): after scripted conversations with the PenhaS fixture
 * bot through the runtime, report SQL written against PenhaS's analytics tables (conversa,
 * analytics, step_code, tag_code; its column names and state values) returns the expected counts.
 * The queries follow the shape of PenhaS's Metabase reports (distinct users and conversations by
 * end type, exit points with origin, timeout points, durations in minutes).
 */
const testDb = setupTestDatabase();
const T0 = new Date('2026-03-02T09:00:00Z');

/** Runs PenhaS's SQL unchanged with the `penhas` schema first on the search path, as a report would. */
async function query<R>(text: string): Promise<R[]> {
  return testDb.db.transaction().execute(async (trx) => {
    await sql`set local search_path to penhas, public`.execute(trx);
    return (await sql.raw<R>(text).execute(trx)).rows;
  });
}

const FROM = `FROM analytics
  JOIN conversa c ON c.id = analytics.conversa_id
  JOIN tag_code ON tag_code.id = analytics.tag_code
  WHERE 1=1`;

beforeAll(async () => {
  const botId = await penhasBotId(testDb.db);
  const deps = TestChat.deps(testDb.db);
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

  // A finishes by FIM_1 after the yes/no group (tag 1: "para mim"), comes back, and leaves.
  const a = new TestChat(deps, botId, 'twitter-a', at(0), 'twitter');
  await a.say('oi');
  await a.press('👍 Sim');
  await a.press('Para mim');
  a.advance(120);
  await a.press('Sim');
  await a.press('Sim');
  await a.press('🔃 Voltar ao início');
  // B finishes by FIM_1 after the CEP lookup (tag 2: "para outra pessoa").
  const b = new TestChat(deps, botId, 'twitter-b', at(10), 'twitter');
  await b.say('Oi!');
  await b.press('👍 Sim');
  await b.press('Para outra pessoa');
  await b.press('Achar um serviço perto');
  b.advance(300);
  await b.say('01310-100');
  // C gives up with the restart keyword, then leaves the new conversation at the entry node.
  const c = new TestChat(deps, botId, 'twitter-c', at(20), 'twitter');
  await c.say('oi');
  await c.press('👍 Sim');
  await c.say('Reiniciar');
  // D never answers the terms; E leaves in the middle of the questionnaire.
  await new TestChat(deps, botId, 'twitter-d', at(30), 'twitter').say('olá');
  const e = new TestChat(deps, botId, 'twitter-e', at(40), 'twitter');
  await e.say('oi');
  await e.press('👍 Sim');
  await e.press('Para outra pessoa');

  await sweepTimeouts(testDb.db, { now: new Date(T0.getTime() + 3 * 86_400_000) });
});

describe('PenhaS analytics views', () => {
  it('count distinct users by end type', async () => {
    const count = async (where: string) =>
      (await query<{ n: number }>(`SELECT count(distinct c.handle_hashed)::int AS n ${FROM} ${where}`))[0]?.n;
    expect(await count('')).toBe(5);
    expect(await count("AND analytics.state != 'DURING_DECISION_TREE'")).toBe(5);
    expect(await count("AND analytics.state IN ('QUESTIONNAIRE_FINISHED', 'QUESTIONNAIRE_GAVE_UP')")).toBe(3);
    expect(await count("AND analytics.state IN ('QUESTIONNAIRE_TIMEOUT')")).toBe(4);
  });

  it('count conversations by end type, with tag and first-message filters', async () => {
    const count = async (where: string) =>
      (
        await query<{ n: number }>(`SELECT count(distinct analytics.conversa_id)::int AS n ${FROM} ${where}`)
      )[0]?.n;
    // A1, A2 (back to start), B1, C1, C2 (after giving up), D1, E1.
    expect(await count('')).toBe(7);
    expect(await count("AND analytics.state IN ('QUESTIONNAIRE_FINISHED', 'QUESTIONNAIRE_GAVE_UP')")).toBe(3);
    expect(await count("AND analytics.state IN ('QUESTIONNAIRE_TIMEOUT')")).toBe(4);
    expect(await count("AND analytics.state = 'QUESTIONNAIRE_GAVE_UP'")).toBe(1);
    // Tags are sticky per conversation: B1 and E1 are "para outra pessoa" in every event.
    expect(await count('AND tag_code.id = 2')).toBe(2);
    expect(
      await count("AND tag_code.label = 'Em busca de info. sobre relacionamento abusivo para ela'"),
    ).toBe(1);
    expect(await count("AND analytics.first_msg_tz >= '2026-03-02T09:15:00Z'")).toBe(4);
  });

  it('list exit points with their origin and share', async () => {
    const exits = await query<{ code: string; conversations: number; max_minutes: number }>(`
      SELECT sc.code, count(distinct conversa_id)::int AS conversations,
        (extract('epoch' from max(analytics.created_at - analytics.first_msg_tz)) / 60)::int AS max_minutes
      FROM analytics
      JOIN step_code sc ON sc.id = analytics.step_code_id
      JOIN tag_code ON tag_code.id = analytics.tag_code
      WHERE analytics.state IN ('QUESTIONNAIRE_FINISHED')
      GROUP BY 1 ORDER BY 2 DESC`);
    expect(exits).toEqual([{ code: 'FIM_1', conversations: 2, max_minutes: 5 }]);

    const origins = await query<{ route: string; finished: number; share: string }>(`
      WITH by_code AS (
        SELECT step_code_id, analytics.previous_step_code_id, sc.code, count(1) AS count
        FROM analytics
        JOIN step_code sc ON sc.id = analytics.step_code_id
        JOIN tag_code ON tag_code.id = analytics.tag_code
        WHERE analytics.state IN ('QUESTIONNAIRE_FINISHED')
        GROUP BY 1, 2, 3
      ), totals AS (SELECT code, sum(count) AS total FROM by_code GROUP BY 1)
      SELECT a.code || ' <- ' || sc.code AS route, a.count::int AS finished,
        ((a.count / b.total) * 100)::int || '%' AS share
      FROM by_code a JOIN totals b ON b.code = a.code JOIN step_code sc ON sc.id = a.previous_step_code_id
      ORDER BY b.total DESC, route`);
    expect(origins).toEqual([
      { route: 'FIM_1 <- P2a_resultado', finished: 1, share: '50%' },
      { route: 'FIM_1 <- P3_cep', finished: 1, share: '50%' },
    ]);
  });

  it('list timeout points with the time until the user left (as PenhaS measured it)', async () => {
    const timeouts = await query<{ code: string; n: number; max_minutes: number }>(`
      SELECT sc.code, count(1)::int AS n,
        (extract('epoch' from max(analytics.created_at - analytics.first_msg_tz)) / 60)::int AS max_minutes
      FROM analytics
      JOIN step_code sc ON sc.id = analytics.step_code_id
      JOIN tag_code ON tag_code.id = analytics.tag_code
      WHERE analytics.state IN ('QUESTIONNAIRE_TIMEOUT')
      GROUP BY 1 ORDER BY 2 DESC, sc.code COLLATE "C"`);
    // The timeout row's created_at is the last step's time (PenhaS overwrote that row), not the
    // sweep's: minutes until the user stopped answering, not until the timeout fired.
    expect(timeouts).toEqual([
      { code: 'node_tos', n: 2, max_minutes: 0 },
      { code: 'P2b', n: 1, max_minutes: 0 },
      { code: 'node_welcome_back', n: 1, max_minutes: 0 },
    ]);
    const raw = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM bot_events WHERE state = 'QUESTIONNAIRE_TIMEOUT' AND created_at > timeout_at",
    );
    expect(raw[0]?.n).toBe(4);
  });

  it('median and mode of conversation minutes per end type', async () => {
    const rows = await query<{ kind: string; median: number; mode: number }>(`
      SELECT CASE WHEN state = 'QUESTIONNAIRE_FINISHED' THEN 'end of flow'
                  WHEN state = 'QUESTIONNAIRE_GAVE_UP' THEN 'gave up'
                  WHEN state = 'QUESTIONNAIRE_TIMEOUT' THEN 'timeout' ELSE state::text END AS kind,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract('epoch' from created_at - first_msg_tz) / 60)::int) AS median,
        mode() WITHIN GROUP (ORDER BY (extract('epoch' from created_at - first_msg_tz) / 60)::int) AS mode
      FROM analytics JOIN tag_code ON tag_code.id = analytics.tag_code
      WHERE analytics.state IN ('QUESTIONNAIRE_FINISHED', 'QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')
      GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { kind: 'end of flow', median: 3.5, mode: 2 },
      { kind: 'gave up', median: 0, mode: 0 },
      { kind: 'timeout', median: 0, mode: 0 },
    ]);
  });

  it('has one step_code row per code, json_version_code 1, and the seeded tags', async () => {
    const dupes = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT code FROM step_code GROUP BY code, bot_id HAVING count(*) > 1) d',
    );
    expect(dupes[0]?.n).toBe(0);
    expect(await query('SELECT DISTINCT json_version_code FROM step_code')).toEqual([
      { json_version_code: 1 },
    ]);
    expect(await query('SELECT id, label FROM tag_code WHERE id = 0')).toEqual([
      { id: 0, label: 'Sem categoria' },
    ]);
    const questionnaire = await query<{ questionnaire_id: string | null }>(
      "SELECT questionnaire_id FROM step_code WHERE code IN ('P1', 'node_tos') ORDER BY code",
    );
    expect(questionnaire).toEqual([{ questionnaire_id: '2' }, { questionnaire_id: null }]);
  });
});
