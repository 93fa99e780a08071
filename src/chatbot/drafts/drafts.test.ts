import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDiffView, DraftView } from '../../../common/api/bot-studio.js';
import type { BotDetail, RevisionSummary, SimulateView } from '../../../common/api/chatbot.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { demoBotId, TestChat } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let other: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin', { name: 'Ada Admin' })).cookie;
  other = (await t.loginAs('admin', { name: 'Otto Other' })).cookie;
});
afterAll(() => t.close());

interface Reply<T> {
  status: number;
  body: T;
}
type ErrorBody = { error: { code: string; message: string; details: unknown } };

async function call<T>(
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
  cookie = admin,
) {
  const response = await t.app.inject({ method, url, payload: payload as object, headers: { cookie } });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as T } as Reply<T>;
}

// biome-ignore lint/suspicious/noExplicitAny: bundles are edited freely in these tests
type Bundle = any;

function greeting(bundle: Bundle): string[] {
  return bundle.bot.nodes[0].messages;
}

describe('bot drafts', () => {
  it('opens the current revision as version 0, autosaves with who and when, refuses a save over a newer one', async () => {
    const id = await demoBotId(testDb.db, 'Draft one');
    const opened = await call<DraftView>('GET', `/api/bots/${id}/draft`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      stored: false,
      version: 0,
      base_revision: 1,
      current_revision: 1,
      updated_by: null,
      validation: { ok: true, errors: [] },
    });
    const bundle: Bundle = opened.body.bundle;
    expect(Object.keys(bundle).sort()).toEqual(['bot', 'questionnaires']);

    greeting(bundle)[0] = 'Oi! Versão nova.';
    const saved = await call<DraftView>('PUT', `/api/bots/${id}/draft`, { bundle, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ stored: true, version: 1, base_revision: 1, updated_by: 'Ada Admin' });
    expect(greeting(saved.body.bundle)[0]).toBe('Oi! Versão nova.');
    expect(Date.parse(saved.body.updated_at ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const again = await call<DraftView>('PUT', `/api/bots/${id}/draft`, { bundle, version: 1 }, other);
    expect(again.body).toMatchObject({ version: 2, updated_by: 'Otto Other' });
    const stale = await call<ErrorBody>('PUT', `/api/bots/${id}/draft`, { bundle, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'stale_draft',
      details: { version: 2, updated_by: 'Otto Other' },
    });
    expect(stale.body.error.message).toContain('by Otto Other');

    // Nothing was published: the revisions are as they were.
    const bot = await call<BotDetail>('GET', `/api/bots/${id}`);
    expect(bot.body.revisions.map((r) => r.number)).toEqual([1]);
  });

  it('keeps a draft with errors, refuses to publish it with every problem, publishes it once fixed', async () => {
    const id = await demoBotId(testDb.db, 'Draft two');
    const bundle: Bundle = (await call<DraftView>('GET', `/api/bots/${id}/draft`)).body.bundle;
    bundle.bot.nodes[0].quick_replies[0].metadata = 'node_nowhere';
    bundle.questionnaires[0].questions[1].relevance = "P1 = 'P2a'";
    const saved = await call<DraftView>('PUT', `/api/bots/${id}/draft`, { bundle, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.validation.ok).toBe(false);
    expect(saved.body.validation.errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(['unknown_target', 'relevance_syntax']),
    );

    const refused = await call<ErrorBody>('POST', `/api/bots/${id}/draft/publish`, { version: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_bot');
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'bot.nodes[0].quick_replies[0].metadata',
          code: 'unknown_target',
          params: { code: 'node_nowhere' },
        }),
        expect.objectContaining({
          path: 'questionnaires[0].questions[1].relevance',
          code: 'relevance_syntax',
          position: { offset: 3, line: 1, column: 4 },
          cause: { code: 'single_equals', params: {} },
        }),
      ]),
    );
    expect((await call<BotDetail>('GET', `/api/bots/${id}`)).body.current_revision).toBe(1);

    // A conversation begun on revision 1 keeps it after the publication.
    const chat = new TestChat(TestChat.deps(testDb.db), id, 'ana', new Date());
    await chat.say('oi');
    expect(chat.transcript[0]).toContain('Olá! Eu sou a assistente');

    bundle.bot.nodes[0].quick_replies[0].metadata = 'node_tos_accepted';
    bundle.questionnaires[0].questions[1].relevance = "P1 == 'P2a'";
    greeting(bundle)[0] = 'Bem-vinda à versão 2.';
    await call('PUT', `/api/bots/${id}/draft`, { bundle, version: 1 });
    const stale = await call<ErrorBody>('POST', `/api/bots/${id}/draft/publish`, { version: 1 });
    expect(stale.body.error.code).toBe('stale_draft');
    const published = await call<RevisionSummary>('POST', `/api/bots/${id}/draft/publish`, {
      version: 2,
      current_revision: 1,
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ number: 2, source: 'editor', created_by: 'Ada Admin' });

    const after = await call<DraftView>('GET', `/api/bots/${id}/draft`);
    expect(after.body).toMatchObject({ stored: false, version: 0, base_revision: 2, current_revision: 2 });
    expect(greeting(after.body.bundle)[0]).toBe('Bem-vinda à versão 2.');
    expect(
      (await call<ErrorBody>('POST', `/api/bots/${id}/draft/publish`, { version: 2 })).body.error.code,
    ).toBe('no_draft');

    await chat.press('👍 Sim');
    expect(chat.transcript.at(-1)).toBe('Sobre o que você quer conversar?');
    const newcomer = new TestChat(TestChat.deps(testDb.db), id, 'bia', new Date());
    await newcomer.say('oi');
    expect(newcomer.transcript[0]).toContain('Bem-vinda à versão 2.');
  });

  it('does not publish over a revision made since without the author seeing it; discards a draft', async () => {
    const id = await demoBotId(testDb.db, 'Draft three');
    const bundle: Bundle = (await call<DraftView>('GET', `/api/bots/${id}/draft`)).body.bundle;
    greeting(bundle)[0] = 'Rascunho';
    await call('PUT', `/api/bots/${id}/draft`, { bundle, version: 0 });
    await call('POST', `/api/bots/${id}/revisions/1/revert`);
    const draft = await call<DraftView>('GET', `/api/bots/${id}/draft`);
    expect(draft.body).toMatchObject({ stored: true, base_revision: 1, current_revision: 2 });
    const refused = await call<ErrorBody>('POST', `/api/bots/${id}/draft/publish`, {
      version: 1,
      current_revision: 1,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('stale_revision');

    expect((await call('DELETE', `/api/bots/${id}/draft`)).status).toBe(204);
    const gone = await call<DraftView>('GET', `/api/bots/${id}/draft`);
    expect(gone.body).toMatchObject({ stored: false, version: 0, current_revision: 2 });
    expect(greeting(gone.body.bundle)[0]).not.toBe('Rascunho');
    const late = await call<ErrorBody>('PUT', `/api/bots/${id}/draft`, { bundle, version: 1 });
    expect(late.body.error).toMatchObject({ code: 'stale_draft', details: { version: 0 } });
  });

  it('simulates the draft before it is published, and ends the simulation when the draft changes', async () => {
    const id = await demoBotId(testDb.db, 'Draft four');
    const bundle: Bundle = (await call<DraftView>('GET', `/api/bots/${id}/draft`)).body.bundle;
    const simulate = (body: object) =>
      call<SimulateView & ErrorBody>('POST', `/api/bots/${id}/simulate`, body);

    // Nothing drafted yet: the draft is the current revision.
    const plain = await simulate({ draft: true, input: { text: 'oi' } });
    expect(plain.body).toMatchObject({ draft: false, revision: 1 });

    greeting(bundle)[0] = 'Olá do rascunho!';
    await call('PUT', `/api/bots/${id}/draft`, { bundle, version: 0 });
    const first = await simulate({ draft: true, input: { text: 'oi' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ draft: true, revision: 1 });
    expect(first.body.messages[0]?.text).toContain('Olá do rascunho!');
    const live = await simulate({ input: { text: 'oi' } });
    expect(live.body.messages[0]?.text).toContain('Olá! Eu sou a assistente');

    const second = await simulate({ session: first.body.session, input: { choose: '1' } });
    expect(second.body.messages.at(-1)?.text).toBe('Sobre o que você quer conversar?');

    bundle.questionnaires[0].questions[0].relevance = '(';
    await call('PUT', `/api/bots/${id}/draft`, { bundle, version: 1 });
    const changed = await simulate({ session: second.body.session, input: { choose: '1' } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('draft_changed');
    const broken = await simulate({ draft: true, input: { text: 'oi' } });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details).toEqual([
      expect.objectContaining({ path: 'questionnaires[0].questions[0].relevance', code: 'relevance_syntax' }),
    ]);
  });

  it('diffs two revisions, or a revision and the draft', async () => {
    const id = await demoBotId(testDb.db, 'Draft five');
    const bundle: Bundle = (await call<DraftView>('GET', `/api/bots/${id}/draft`)).body.bundle;
    bundle.questionnaires[0].questions[0].options[0].label = 'Sobre mim mesma';
    bundle.questionnaires[0].questions.push({ code: 'P_FIM', type: 'displaytext', question: 'Tchau' });
    await call('PUT', `/api/bots/${id}/draft`, { bundle, version: 0 });

    const toDraft = await call<BundleDiffView>('GET', `/api/bots/${id}/diff?from=1&to=draft`);
    expect(toDraft.status).toBe(200);
    expect(toDraft.body).toMatchObject({ from: '1', to: 'draft', settings: [] });
    const questions = toDraft.body.questionnaires.changed[0]?.questions;
    expect(questions?.added).toEqual([{ code: 'P_FIM', type: 'displaytext', question: 'Tchau' }]);
    expect(questions?.changed[0]?.options.changed).toEqual([
      { key: 'P2a', fields: [{ field: 'label', before: 'Sobre mim', after: 'Sobre mim mesma' }] },
    ]);

    await call('POST', `/api/bots/${id}/draft/publish`, { version: 1 });
    const between = await call<BundleDiffView>('GET', `/api/bots/${id}/diff?from=2&to=1`);
    expect(between.body.questionnaires.changed[0]?.questions.removed).toEqual([
      { code: 'P_FIM', type: 'displaytext', question: 'Tchau' },
    ]);
    expect((await call('GET', `/api/bots/${id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await call('GET', `/api/bots/${id}/diff?from=1&to=latest`)).status).toBe(400);
  });

  it('is for admins only', async () => {
    const moderator = (await t.loginAs('moderator')).cookie;
    const id = await demoBotId(testDb.db);
    expect((await call('GET', `/api/bots/${id}/draft`, undefined, moderator)).status).toBe(403);
    expect((await call('PUT', `/api/bots/${id}/draft`, { bundle: {}, version: 0 }, moderator)).status).toBe(
      403,
    );
    expect((await call('GET', `/api/bots/${id}/diff?from=1&to=1`, undefined, moderator)).status).toBe(403);
  });
});
