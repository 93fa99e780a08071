import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { demoBotId, TestChat } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { saveRevision } from './commands/save-revision.js';
import type { ConversationState } from './engine/index.js';
import { readRevision } from './revisions.js';
import { userKeyOf } from './user-key.js';

const testDb = setupTestDatabase();
const T0 = new Date('2026-03-01T12:00:00Z');

async function conversationsOf(botId: number) {
  return testDb.db
    .selectFrom('bot_conversations')
    .selectAll()
    .where('bot_id', '=', botId)
    .orderBy('id')
    .execute();
}

async function eventStates(conversationId: number) {
  const rows = await sql<{ state: string; code: string }>`
    select e.state, s.code from bot_events e join bot_step_codes s on s.id = e.step_code_id
    where e.conversation_id = ${conversationId} order by e.id`.execute(testDb.db);
  return rows.rows.map((r) => `${r.state} ${r.code}`);
}

describe('chatbot runtime', () => {
  it('stores state, deadline, inbound, events and outbox in one turn, keyed by an HMAC of the user', async () => {
    const botId = await demoBotId(testDb.db);
    const chat = new TestChat(TestChat.deps(testDb.db), botId, 'user-1', T0);
    const first = await chat.say('oi');
    expect(first.messages[0]?.text).toContain('Olá! Eu sou a assistente de demonstração do Parley.');
    await chat.press('👍 Sim');

    const [row] = await conversationsOf(botId);
    if (!row) throw new Error('no conversation');
    expect(row.user_key).toBe(userKeyOf('test-secret-test-secret-test-secret!', 'test', 'user-1'));
    expect(row.user_key).not.toContain('user-1');
    expect(row.seq).toBe(1);
    expect((row.state as ConversationState).position.at).toBe('questionnaire');
    expect(row.deadline?.toISOString()).toBe(new Date(T0.getTime() + 2000 + 86_400_000).toISOString());
    expect(row.ended_at).toBeNull();
    expect(await eventStates(row.id)).toEqual([
      'DURING_DECISION_TREE node_tos',
      'DURING_DECISION_TREE node_tos_accepted',
      'DURING_QUESTIONNAIRE P1',
    ]);
    const inbound = await testDb.db
      .selectFrom('bot_inbound')
      .select('input')
      .where('conversation_id', '=', row.id)
      .execute();
    expect(inbound).toHaveLength(2);
    const outbox = await testDb.db
      .selectFrom('bot_outbox')
      .select('message')
      .where('conversation_id', '=', row.id)
      .orderBy('id')
      .execute();
    expect(outbox.map((o) => (o.message as { text: string }).text)).toEqual(chat.transcript);
  });

  it('finishes, records the end, and starts the next conversation as a new row', async () => {
    const botId = await demoBotId(testDb.db);
    const chat = new TestChat(TestChat.deps(testDb.db), botId, 'user-finish', T0);
    await chat.say('oi');
    await chat.press('👍 Sim');
    await chat.press('Sobre outra pessoa');
    await chat.press('Sim, agora');
    await chat.press('🔃 Voltar ao início');
    const rows = await conversationsOf(botId).then((all) =>
      all.filter((r) => r.user_key === rowsKey('user-finish')),
    );
    expect(rows.map((r) => [r.seq, r.end_reason, r.end_state])).toEqual([
      [1, 'finished', 'QUESTIONNAIRE_FINISHED'],
      [2, null, null],
    ]);
    expect(rows[0]?.responses).toMatchObject({ P1: 'P2b', P2b: 'FIM_emergencia' });
    expect(rows[0]?.deadline).toBeNull();
    expect(rows[0]?.tag_code).toBe(2);
    expect(await eventStates(rows[1]?.id ?? 0)).toEqual(['DURING_DECISION_TREE node_welcome_back']);
  });

  it('answers a CEP question with the lookup, outside the lock, in a second transaction', async () => {
    const botId = await demoBotId(testDb.db);
    const chat = new TestChat(TestChat.deps(testDb.db), botId, 'user-cep', T0);
    await chat.say('oi');
    await chat.press('👍 Sim');
    await chat.press('Achar um serviço');
    const found = await chat.say('01310-100');
    expect(found.messages.map((m) => m.text)).toEqual([
      'Estes são os resultados que encontrei para Avenida Paulista, São Paulo - SP:',
      expect.stringContaining('Casa da Mulher Brasileira'),
      expect.stringContaining('Delegacia de Defesa da Mulher'),
      'Espero ter ajudado! Guarde esses contatos em um lugar seguro.',
    ]);
  });

  it('ignores a redelivered channel event', async () => {
    const botId = await demoBotId(testDb.db);
    const chat = new TestChat(TestChat.deps(testDb.db), botId, 'user-dup', T0);
    await chat.say('oi', 'evt-1');
    const again = await chat.say('oi', 'evt-1');
    expect(again).toMatchObject({ duplicate: true, messages: [] });
    const inbound = await testDb.db
      .selectFrom('bot_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', 'evt-1')
      .executeTakeFirstOrThrow();
    expect(Number(inbound.n)).toBe(1);
  });

  it('serialises concurrent messages of one user on the row lock (one conversation, every turn kept)', async () => {
    const botId = await demoBotId(testDb.db);
    const deps = TestChat.deps(testDb.db);
    const chats = Array.from({ length: 6 }, () => new TestChat(deps, botId, 'user-race', T0));
    await Promise.all(chats.map((chat, i) => chat.say(`oi ${i}`)));
    const rows = (await conversationsOf(botId)).filter((r) => r.user_key === rowsKey('user-race'));
    expect(rows).toHaveLength(1);
    const inbound = await testDb.db
      .selectFrom('bot_inbound')
      .select('id')
      .where('conversation_id', '=', rows[0]?.id ?? 0)
      .execute();
    expect(inbound).toHaveLength(6);
    // The first message started the conversation; the five others each got error_msg with the options.
    const texts = (
      await testDb.db
        .selectFrom('bot_outbox')
        .select('message')
        .where('conversation_id', '=', rows[0]?.id ?? 0)
        .execute()
    ).map((o) => (o.message as { text: string }).text);
    expect(texts.filter((t) => t.startsWith('Não entendi!'))).toHaveLength(5);
  });

  it('keeps a running conversation on its revision; a new conversation takes the current one', async () => {
    const botId = await demoBotId(testDb.db);
    const chat = new TestChat(TestChat.deps(testDb.db), botId, 'user-revision', T0);
    await chat.say('oi');
    const bot = await testDb.db
      .selectFrom('bots')
      .selectAll()
      .where('id', '=', botId)
      .executeTakeFirstOrThrow();
    const current = await readRevision(testDb.db, bot.current_revision_id ?? 0);
    const changed = structuredClone(current.bundle) as unknown as {
      bot: { nodes: { code: string; messages?: string[] }[] };
    };
    const tos = changed.bot.nodes.find((n) => n.code === 'node_tos');
    if (tos) tos.messages = ['Nova versão: você concorda?'];
    await saveRevision(testDb.db, { botId, bundle: changed, actorId: null });

    await chat.press('👎 Não');
    await chat.press('🔙 Voltar');
    expect(chat.transcript.at(-1)).toContain('Olá! Eu sou a assistente'); // still the old revision
    await chat.say('reiniciar');
    // Giving up starts the next conversation in the same turn, on the same revision…
    expect(chat.transcript.at(-1)).toContain('Olá! Eu sou a assistente');
    await chat.advance(86_401).say('oi');
    // …while a conversation started after the old one timed out runs on the current revision.
    expect(chat.transcript.at(-1)).toBe('Nova versão: você concorda?');
    const rows = (await conversationsOf(botId)).filter((r) => r.user_key === rowsKey('user-revision'));
    const numbers = await Promise.all(
      rows.map((r) => readRevision(testDb.db, r.revision_id).then((x) => x.number)),
    );
    expect(numbers).toEqual([1, 1, 2]);
    expect(rows.map((r) => r.end_reason)).toEqual(['gave_up', 'timeout', null]);
  });

  it('refuses to change a revision, a question or an analytics event', async () => {
    const botId = await demoBotId(testDb.db);
    await expect(
      sql`update bot_revisions set source = 'editor' where bot_id = ${botId}`.execute(testDb.db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`update bot_questions set question = 'x'`.execute(testDb.db)).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`update bot_events set state = 'QUESTIONNAIRE_RESET'`.execute(testDb.db)).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`delete from bot_tag_codes where id = 0`.execute(testDb.db)).rejects.toThrow(
      /must always exist/,
    );
  });
});

function rowsKey(handle: string): string {
  return userKeyOf('test-secret-test-secret-test-secret!', 'test', handle);
}
