import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BotConversationDetail,
  BotConversationPage,
  DeliveryFailureList,
  TranscriptInbound,
  TranscriptOutbound,
} from '../../../common/api/bot-conversations.js';
import type { RevisionView } from '../../../common/api/chatbot.js';
import { buildTestApp, type TestApp } from '../../../test/harness/app.js';
import { demoBotId, TEST_SECRET } from '../../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { createChannel } from '../channels/manage.js';
import { boxesOf } from '../channels/runtime-deps.js';
import type { MessageOption } from '../engine/index.js';
import { sampleLookup } from '../lookup.js';
import { receive } from '../runtime.js';
import { answerRows } from './queries.js';

const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let moderator: string;
let botId: number;
let finished: number;
let running: number;

type Step = string | { press: string };

/** One person through the runtime on the real clock (the transcript is merged by time). */
async function talk(
  handle: string,
  steps: readonly Step[],
  route: { channel: string; channelId?: number; replyTo?: string } = { channel: 'web' },
): Promise<number> {
  const deps = {
    db: testDb.db,
    secret: TEST_SECRET,
    lookup: sampleLookup,
    addresses: boxesOf(TEST_SECRET).addresses,
  };
  let options: readonly MessageOption[] = [];
  let conversation = 0;
  for (const step of steps) {
    let input: { kind: 'text'; text: string } | { kind: 'choose'; value: string };
    if (typeof step === 'string') input = { kind: 'text', text: step };
    else {
      const option = options.find((o) => o.label === step.press);
      if (!option) throw new Error(`no button ${step.press} in ${JSON.stringify(options)}`);
      input = { kind: 'choose', value: option.value };
    }
    const delivered = await receive(deps, {
      botId,
      channel: route.channel,
      handle,
      input,
      channelId: route.channelId ?? null,
      replyTo: route.replyTo ?? null,
      now: new Date(),
    });
    conversation = delivered.conversationId ?? 0;
    for (const message of delivered.messages) if (message.options.length > 0) options = message.options;
  }
  return conversation;
}

const HOSTILE_NAME = '=HYPERLINK("http://evil.example","Ana")';
const MESSAGE = 'Olá, ação, 1,2 "três"\nlinha 🎉';

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
  moderator = (await t.loginAs('moderator')).cookie;
  botId = await demoBotId(testDb.db, 'Conversations bot');
  const { channel } = await createChannel(testDb.db, boxesOf(TEST_SECRET).channelSecrets, {
    botId,
    kind: 'api',
    settings: { callback_url: 'https://callback.example/' },
  });
  finished = await talk(
    'person-finished@example.org',
    ['oi', { press: '👍 Sim' }, { press: 'Deixar um recado' }, HOSTILE_NAME, MESSAGE],
    {
      channel: 'api',
      channelId: channel.id,
      replyTo: 'person-finished@example.org',
    },
  );
  for (let i = 0; i < 4; i++) await talk(`visitor-${i}`, ['oi']);
  running = await talk('visitor-running', ['oi', { press: '👍 Sim' }]);
});
afterAll(() => t.close());

async function call<T>(method: 'GET' | 'POST', url: string, cookie = admin) {
  const response = await t.app.inject({ method, url, headers: { cookie } });
  return {
    status: response.statusCode,
    body: response.json() as T,
    raw: response.body,
    headers: response.headers,
  };
}

interface ErrorReply {
  error: { code: string; message: string; details?: unknown };
}

describe('bot conversation routes', () => {
  it('are for admins only', async () => {
    const urls: ['GET' | 'POST', string][] = [
      ['GET', `/api/bots/${botId}/conversations`],
      ['GET', `/api/bot-conversations/${finished}`],
      ['GET', `/api/bots/${botId}/answers.csv?questionnaire=demo`],
      ['GET', `/api/bots/${botId}/delivery-failures`],
      ['POST', '/api/outbox/1/retry'],
    ];
    for (const [method, url] of urls) expect((await call(method, url, moderator)).status, url).toBe(403);
  });

  it('lists conversations newest first, keyset paged, by key only', async () => {
    const first = await call<BotConversationPage>('GET', `/api/bots/${botId}/conversations?limit=4`);
    expect(first.status).toBe(200);
    expect(first.body.conversations).toHaveLength(4);
    expect(first.body.conversations[0]?.id).toBe(running);
    expect(first.body.next).toMatch(/^\d+\.\d+$/);
    const second = await call<BotConversationPage>(
      'GET',
      `/api/bots/${botId}/conversations?limit=4&before=${first.body.next}`,
    );
    expect(second.body.conversations).toHaveLength(2);
    expect(second.body.next).toBeNull();
    const all = [...first.body.conversations, ...second.body.conversations];
    expect(new Set(all.map((c) => c.id)).size).toBe(6);
    const starts = all.map((c) => c.started_at);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(all.at(-1)?.id).toBe(finished);

    for (const c of all) expect(c.key).toMatch(/^[0-9a-f]{12}$/);
    expect(first.raw + second.raw).not.toMatch(/visitor|person-finished/);

    expect(all.at(-1)).toMatchObject({
      channel: 'api',
      revision: 1,
      state: 'ended',
      end_reason: 'finished',
      end_state: 'QUESTIONNAIRE_FINISHED',
      last_step: 'P_RECADO_ok',
      tag: { code: 0, label: 'Sem categoria' },
      answers: 3,
    });
    expect(all[0]).toMatchObject({
      channel: 'web',
      state: 'running',
      end_reason: null,
      ended_at: null,
      last_step: 'P1',
      answers: 0,
    });
  });

  it('refuses bad paging with 400 naming the field; an unknown bot is 404', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=x', 'limit'],
      ['before=yesterday', 'before'],
      ['before=1.2.3', 'before'],
    ]) {
      const reply = await call<ErrorReply>('GET', `/api/bots/${botId}/conversations?${query}`);
      expect(reply.status, query).toBe(400);
      expect(JSON.stringify(reply.body.error.details), query).toContain(field);
    }
    expect((await call('GET', '/api/bots/999999/conversations')).status).toBe(404);
    expect((await call('GET', '/api/bot-conversations/999999')).status).toBe(404);
    expect((await call('GET', '/api/bot-conversations/0')).status).toBe(400);
  });

  it('shows a transcript in order, with labels for buttons, delivery status, state and answers', async () => {
    const outbox = await testDb.db
      .selectFrom('bot_outbox')
      .select('id')
      .where('conversation_id', '=', finished)
      .orderBy('id')
      .execute();
    const [sent, failed] = outbox.map((row) => row.id);
    await testDb.db
      .updateTable('bot_outbox')
      .set({ sent_at: new Date(), attempts: 1 })
      .where('id', '=', sent!)
      .execute();
    await testDb.db
      .updateTable('bot_outbox')
      .set({ failed_at: new Date(), attempts: 5, last_error: 'HTTP 500' })
      .where('id', '=', failed!)
      .execute();

    const reply = await call<BotConversationDetail>('GET', `/api/bot-conversations/${finished}`);
    expect(reply.status).toBe(200);
    expect(reply.raw).not.toContain('person-finished');
    const { conversation, transcript, answers } = reply.body;
    expect(conversation).toMatchObject({
      id: finished,
      bot_id: botId,
      state: 'ended',
      position: 'ended',
      questionnaire_id: 'demo',
      end_reason: 'finished',
    });
    const user = transcript.filter((e): e is TranscriptInbound => e.from === 'user');
    expect(user.map((e) => e.text)).toEqual(['oi', '👍 Sim', 'Deixar um recado', HOSTILE_NAME, MESSAGE]);
    expect(user[1]).toMatchObject({ kind: 'choose', value: expect.stringMatching(/^n:/) });
    expect(transcript[0]).toMatchObject({ from: 'user', text: 'oi' });
    expect(transcript[1]).toMatchObject({
      from: 'bot',
      text: expect.stringContaining('Olá! Eu sou a assistente'),
    });
    const bot = transcript.filter((e): e is TranscriptOutbound => e.from === 'bot');
    expect(bot.map((e) => e.status).slice(0, 3)).toEqual(['sent', 'failed', 'pending']);
    expect(bot[1]).toMatchObject({ attempts: 5, last_error: 'HTTP 500' });
    expect(bot[0]?.options.map((o) => o.label)).toEqual(['👍 Sim', '👎 Não']);
    // Each input comes right after the message whose options it answered, before the next reply.
    const order = transcript.map((e) => (e.from === 'user' ? `> ${e.text}` : e.text.slice(0, 20)));
    expect(order.indexOf('> 👍 Sim')).toBe(order.indexOf('> oi') + 2);
    expect(answers).toEqual([
      { code: 'P1', question: 'Sobre o que você quer conversar?', value: 'P_NOME' },
      { code: 'P_NOME', question: 'Como você gostaria de ser chamada?', value: HOSTILE_NAME },
      { code: 'P_RECADO', question: 'Obrigada, [% P_NOME %]! Qual é o seu recado?', value: MESSAGE },
    ]);

    const live = await call<BotConversationDetail>('GET', `/api/bot-conversations/${running}`);
    expect(live.body.conversation).toMatchObject({
      state: 'running',
      position: 'questionnaire',
      questionnaire_id: 'demo',
    });
    expect(live.body.answers).toEqual([]);
  });

  it('lists delivery failures and retries one', async () => {
    const list = await call<DeliveryFailureList>('GET', `/api/bots/${botId}/delivery-failures`);
    expect(list.status).toBe(200);
    expect(list.body.failures).toHaveLength(1);
    const failure = list.body.failures[0]!;
    expect(failure).toMatchObject({
      conversation_id: finished,
      channel: 'api',
      attempts: 5,
      last_error: 'HTTP 500',
      retryable: true,
    });
    expect(failure.conversation_key).toMatch(/^[0-9a-f]{12}$/);
    expect(list.raw).not.toContain('person-finished');

    const retried = await call<{ retried: number }>('POST', `/api/outbox/${failure.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { retried: 1 } });
    const again = await call<ErrorReply>('POST', `/api/outbox/${failure.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('delivery_not_failed');
    expect((await call('POST', '/api/outbox/999999999/retry')).status).toBe(404);
    expect((await call('POST', '/api/outbox/abc/retry')).status).toBe(400);
    expect(
      (await call<DeliveryFailureList>('GET', `/api/bots/${botId}/delivery-failures`)).body.failures,
    ).toEqual([]);
    expect((await call('GET', '/api/bots/999999/delivery-failures')).status).toBe(404);
  });
});

describe('answers CSV', () => {
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        row.push(cell);
        cell = '';
      } else if (c === '\r' && text[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i++;
      } else cell += c;
    }
    return rows;
  }

  it('has one row per conversation with answers and a column per question code, formulas neutralised', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/bots/${botId}/answers.csv?questionnaire=demo`,
      headers: { cookie: admin },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toContain('Conversations-bot-demo-answers.csv');
    expect(reply.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(reply.body.slice(1));
    expect(rows[0]).toEqual([
      'conversation',
      'started_at',
      'ended_at',
      'end_reason',
      'tag_code',
      'P1',
      'P2a',
      'P_SEGURANCA',
      'P4',
      'P2b',
      'FIM_emergencia',
      'P_CEP',
      'FIM_CEP',
      'FIM_seguro',
      'AJUDA_190',
      'RESET_recomecar',
      'P_NOME',
      'P_RECADO',
    ]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries((rows[0] as string[]).map((column, i) => [column, rows[1]?.[i]]));
    expect(row).toMatchObject({
      end_reason: 'finished',
      tag_code: '0',
      P1: 'P_NOME',
      P_NOME: `'${HOSTILE_NAME}`,
      P_RECADO: MESSAGE,
      P2a: '',
    });
    expect(row.conversation).toMatch(/^[0-9a-f]{12}$/);
    // Escaped as CSV: quotes doubled inside a quoted cell.
    expect(reply.body).toContain(`"'=HYPERLINK(""http://evil.example"",""Ana"")"`);
    expect(reply.body).not.toContain('person-finished');
  });

  it('takes the question codes of every revision; refuses an unknown questionnaire or none', async () => {
    const revision = await call<RevisionView>('GET', `/api/bots/${botId}/revisions/1`);
    const bundle = revision.body.bundle as { questionnaires: { questions: object[] }[] };
    bundle.questionnaires[0]?.questions.push({
      code: 'P_EXTRA',
      type: 'text',
      question: 'Extra?',
      relevance: '0',
    });
    const saved = await t.app.inject({
      method: 'POST',
      url: `/api/bots/${botId}/revisions`,
      payload: { bundle },
      headers: { cookie: admin },
    });
    expect(saved.statusCode).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: `/api/bots/${botId}/revisions/1/revert`,
      headers: { cookie: admin },
    });
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/bots/${botId}/answers.csv?questionnaire=demo`,
      headers: { cookie: admin },
    });
    const header = reply.body.slice(1).split('\r\n')[0]?.split(',');
    expect(header?.slice(-3)).toEqual(['P_NOME', 'P_RECADO', 'P_EXTRA']);

    const unknown = await call<ErrorReply>('GET', `/api/bots/${botId}/answers.csv?questionnaire=nope`);
    expect(unknown.status).toBe(404);
    const missing = await call<ErrorReply>('GET', `/api/bots/${botId}/answers.csv`);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.details)).toContain('questionnaire');
  });

  it('reads the conversations a batch at a time', async () => {
    const extra = await talk('second-finisher', [
      'oi',
      { press: '👍 Sim' },
      { press: 'Deixar um recado' },
      'Bia',
      'oi',
    ]);
    const third = await talk('third-finisher', [
      'oi',
      { press: '👍 Sim' },
      { press: 'Deixar um recado' },
      'Cai',
      'oi',
    ]);
    const seen: number[] = [];
    for await (const row of answerRows(testDb.db, botId, 'demo', 1)) seen.push(row.id);
    expect(seen).toEqual([finished, extra, third]);
  });
});
