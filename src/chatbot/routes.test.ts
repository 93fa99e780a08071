import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotImportView, RevisionView, SimulateView } from '../../common/api/chatbot.js';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { demoBotId, penhasFixture, penhasQuizCsv } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let moderator: string;
let demoId: number;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin', { name: 'Ada Admin' })).cookie;
  moderator = (await t.loginAs('moderator')).cookie;
  demoId = await demoBotId(testDb.db);
});
afterAll(() => t.close());

async function call<T>(method: 'GET' | 'POST', url: string, payload?: unknown, cookie = admin) {
  const response = await t.app.inject({ method, url, payload: payload as object, headers: { cookie } });
  return { status: response.statusCode, body: response.json() as T, headers: response.headers };
}

describe('chatbot API', () => {
  it('is for admins only', async () => {
    expect((await call('GET', '/api/bots', undefined, moderator)).status).toBe(403);
    const list = await call<{ bots: { name: string; current_revision: number }[] }>('GET', '/api/bots');
    expect(list.body.bots).toEqual([expect.objectContaining({ name: 'Demonstração', current_revision: 1 })]);
  });

  it('imports a PenhaS bot from uploaded text; a broken upload lists every problem and saves nothing', async () => {
    const ok = await call<BotImportView>('POST', '/api/bots/import-penha', {
      bot: 'Penha',
      config: penhasFixture('config.json'),
      quiz: penhasQuizCsv(),
      quiz_format: 'csv',
      questionnaire_id: '2',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: 'Penha', created: true, revision: 1, warnings: [] });

    const broken = await call<{ error: { code: string; message: string; details: unknown[] } }>(
      'POST',
      '/api/bots/import-penha',
      {
        bot: 'Penha',
        config: '{"nodes": []}',
        quiz: penhasQuizCsv().replace('P1==_self', 'P1 ==='),
        quiz_format: 'csv',
        questionnaire_id: '2',
      },
    );
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('invalid_bot');
    expect(broken.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'quiz', line: 4, path: 'quiz[2].relevance' }),
        expect.objectContaining({ file: 'config', path: 'config.nodes' }),
        expect.objectContaining({ file: 'config', path: 'config.error_msg', message: 'is required' }),
      ]),
    );
    const detail = await call<{ revisions: unknown[] }>('GET', `/api/bots/${ok.body.bot_id}`);
    expect(detail.body.revisions).toHaveLength(1);
  });

  it('shows a revision with its bundle and questionnaire table, saves an edit, reverts', async () => {
    const bot = (
      await call<{ id: number; current_revision: number }>('POST', '/api/bots', { name: 'Edited' })
    ).body;
    expect(bot.current_revision).toBe(1);
    const demo = await call<RevisionView>('GET', `/api/bots/${demoId}/revisions/1`);
    expect(demo.body).toMatchObject({ number: 1, current: true, source: 'demo' });
    const p2a = demo.body.questionnaires[0]?.questions.find((q) => q.code === 'P2a');
    expect(p2a).toMatchObject({ type: 'yesnogroup', relevance: 'P1==_self' });
    expect(p2a?.answers[0]).toBe(
      'P2a_controle (1): A pessoa com quem você se relaciona controla seu celular?',
    );

    const bundle = demo.body.bundle as { name: string };
    const invalid = await call<{ error: { details: { path: string }[] } }>(
      'POST',
      `/api/bots/${bot.id}/revisions`,
      {
        bundle: { ...bundle, bot: { ...(bundle as unknown as { bot: object }).bot, entry: 'nowhere' } },
      },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.map((d) => d.path)).toContain('bot.entry');

    const saved = await call<{ number: number; created_by: string }>(
      'POST',
      `/api/bots/${bot.id}/revisions`,
      {
        bundle,
        base_revision: 1,
      },
    );
    expect(saved).toMatchObject({
      status: 201,
      body: { number: 2, source: 'editor', created_by: 'Ada Admin' },
    });
    const stale = await call('POST', `/api/bots/${bot.id}/revisions`, { bundle, base_revision: 1 });
    expect(stale.status).toBe(409);
    const reverted = await call('POST', `/api/bots/${bot.id}/revisions/1/revert`);
    expect(reverted.body).toMatchObject({ number: 3, source: 'revert', reverted_from: 1 });

    const validation = await call<{ ok: boolean; errors: unknown[] }>('POST', '/api/bots/validate', {
      bundle: { bot: {}, questionnaires: [] },
    });
    expect(validation.body.ok).toBe(false);
    expect(validation.body.errors.length).toBeGreaterThan(3);

    const exported = await call<{ name: string }>('GET', `/api/bots/${bot.id}/export`);
    expect(exported.body.name).toBe('Edited');
    expect(exported.headers['content-disposition']).toContain('Edited.json');
  });

  it('simulates a conversation statelessly, with a signed session and a movable clock', async () => {
    const step = async (session: string | null, input: unknown) => {
      const reply = await call<SimulateView>('POST', `/api/bots/${demoId}/simulate`, {
        ...(session === null ? {} : { session }),
        input,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body;
    };
    const first = await step(null, { text: 'oi' });
    expect(first.messages[0]?.options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);
    expect(first.position).toBe('node');
    const yes = first.messages[0]?.options[0]?.value ?? '';
    const second = await step(first.session, { choose_value: yes });
    expect(second.messages.at(-1)?.text).toBe('Sobre o que você quer conversar?');
    const third = await step(second.session, { choose: 'Deixar um recado' });
    expect(third.messages.map((m) => m.text)).toEqual(['Como você gostaria de ser chamada?']);
    const named = await step(third.session, { text: '<b>Ana</b>' });
    expect(named.messages[0]?.text).toBe('Obrigada, <b>Ana</b>! Qual é o seu recado?');
    const unknown = await step(named.session, { choose: 'Nada disso' });
    expect(unknown.error).toBe('there is nothing to choose: the last message had no options');
    const late = await step(unknown.session, { wait_seconds: 90_000 });
    expect(late.messages.map((m) => m.text)).toEqual([
      'Vamos nos falar mais tarde! Quando quiser, é só mandar uma mensagem.',
    ]);
    expect(late.position).toBe('ended');
    // Nothing of the simulation is stored.
    const stored = await testDb.db.selectFrom('bot_conversations').select('id').execute();
    expect(stored).toEqual([]);

    const [body, mac] = late.session.split('.');
    const forged = `${Buffer.from(JSON.stringify({ r: 1, s: null, o: 0 })).toString('base64url')}.${mac}`;
    const refused = await call<{ error: { code: string } }>('POST', `/api/bots/${demoId}/simulate`, {
      session: forged,
      input: { text: 'oi' },
    });
    expect(body).not.toBe(forged.split('.')[0]);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_simulation' } } });

    // A bot without a revision cannot be simulated: the same answer as a message to it (runtime.ts).
    const empty = await testDb.db
      .insertInto('bots')
      .values({ name: 'Empty', current_revision_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notReady = await call('POST', `/api/bots/${empty.id}/simulate`, { input: { text: 'oi' } });
    expect(notReady).toMatchObject({ status: 409, body: { error: { code: 'bot_not_ready' } } });
  });
});
