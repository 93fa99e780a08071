import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateBundle } from './validate.js';

const demo = JSON.parse(readFileSync(new URL('./testdata/demo-bot.json', import.meta.url), 'utf8')) as {
  bot: { nodes: Record<string, unknown>[]; restart_questionnaire: string };
  questionnaires: { questions: Record<string, unknown>[] }[];
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('validateBundle', () => {
  it('accepts the demo bot, also for Twitter and WhatsApp', () => {
    const result = validateBundle(demo, { channels: ['twitter', 'whatsapp', 'web'] });
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('reports every problem at once, each with its JSON path', () => {
    const bad = clone(demo);
    const [tos, welcome] = bad.bot.nodes;
    const questions = bad.questionnaires[0]?.questions ?? [];
    if (!tos || !welcome) throw new Error('demo changed');
    tos.quick_replies = [
      { label: '👍 Sim', metadata: 'node_tos_accepted' },
      { label: '👎 Não', metadata: 'node_nao_existe' },
    ];
    tos.colour = 'red';
    welcome.quick_replies = [{ label: 'Outro questionário', metadata: 'node_q2' }];
    bad.bot.nodes.push(
      { code: 'node_orfao', type: 'text_message', messages: ['sozinho'], quick_replies: [] },
      { code: 'node_q2', type: 'questionnaire', questionnaire_id: 'q2' },
    );
    bad.bot.restart_questionnaire = 'nope';
    const p1 = questions[0];
    const group = questions[1];
    const alerta = questions[2];
    const p4 = questions[5];
    if (!p1 || !group || !alerta || !p4) throw new Error('demo changed');
    alerta.relevance = "P2a = 'x'";
    alerta.question = 'Total: [% P2a == %]';
    group.yesnogroup = [
      { question: 'a', power2answer: 1, referencia: 'a' },
      { question: 'b', power2answer: 3, referencia: 'a' },
    ];
    p4.options = Array.from({ length: 21 }, (_, i) => ({ value: `V${i}`, label: `Opção ${i}` }));
    p1.options = [{ value: 'P2a', label: 'Um rótulo longo demais para caber num botão do Twitter' }];
    questions.push({ code: 'PX', type: 'multiplechoices', question: 'x' });

    const result = validateBundle(bad, { channels: ['twitter'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e.message]));
    expect(byPath).toEqual({
      'bot.nodes[0].colour': 'unknown key',
      'bot.restart_questionnaire': "unknown questionnaire 'nope'",
      'bot.nodes[0].quick_replies[1].metadata': "unknown target node 'node_nao_existe'",
      'bot.nodes[5].questionnaire_id': "unknown questionnaire 'q2'",
      'bot.nodes[2]': "node 'node_tos_refused' cannot be reached from entry or welcome_back",
      'bot.nodes[4]': "node 'node_orfao' cannot be reached from entry or welcome_back",
      'questionnaires[0].questions[2].relevance':
        "relevance syntax error at 1:5: unexpected '=' (use '==' to compare)",
      'questionnaires[0].questions[2].question':
        'placeholder syntax error at 1:18: unexpected end of expression',
      'questionnaires[0].questions[1].yesnogroup[1].power2answer': '3 is not a power of two',
      'questionnaires[0].questions[1].yesnogroup[1].referencia': "'a' is used twice in the group",
      'questionnaires[0].questions[16].type':
        'must be one of onlychoice, yesno, yesnogroup, text, displaytext, botao_fim, cep_address_lookup',
      'questionnaires[0].questions[5].options': '21 buttons; twitter allows at most 20',
      'questionnaires[0].questions[0].options[0].label': 'label of 54 characters; twitter allows at most 36',
    });
    const relevance = result.errors.find((e) => e.path.endsWith('[2].relevance'));
    expect(relevance?.position).toEqual({ offset: 4, line: 1, column: 5 });
  });

  it("reads a CEP question's points and radius; wrong ones are named by path with their limits", () => {
    const bundle = clone(demo);
    const questions = bundle.questionnaires[0]?.questions ?? [];
    const cep = questions.findIndex((q) => q.type === 'cep_address_lookup');
    const question = questions[cep];
    if (!question) throw new Error('demo changed');
    Object.assign(question, { points: 5, radius_km: 120 });
    const good = validateBundle(bundle);
    expect(good.ok && good.bundle.questionnaires[0]?.questions[cep]).toMatchObject({
      points: 5,
      radius_km: 120,
    });

    Object.assign(question, { points: 0, radius_km: '50' });
    const yesno = questions.findIndex((q) => q.type === 'yesno');
    Object.assign(questions[yesno] ?? {}, { points: 3 });
    const bad = validateBundle(bundle);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const at = `questionnaires[0].questions[${cep}]`;
    expect(bad.errors.map((e) => [e.path, e.code, e.params, e.message])).toEqual([
      [`questionnaires[0].questions[${yesno}].points`, 'unknown_key', undefined, 'unknown key'],
      [`${at}.points`, 'too_small', { min: 1 }, 'must be at least 1'],
      [
        `${at}.radius_km`,
        'wrong_type',
        { expected: 'integer', found: 'string' },
        'must be an integer, not a string',
      ],
    ]);
    Object.assign(question, { points: 11, radius_km: 5001 });
    delete questions[yesno]?.points;
    const over = validateBundle(bundle);
    expect(over.ok ? [] : over.errors.map((e) => [e.path, e.code, e.params])).toEqual([
      [`${at}.points`, 'too_large', { max: 10 }],
      [`${at}.radius_km`, 'too_large', { max: 5000 }],
    ]);
  });

  it('checks channel limits only for the channels given', () => {
    const many = clone(demo);
    const p4 = many.questionnaires[0]?.questions[5];
    if (!p4) throw new Error('demo changed');
    p4.options = Array.from({ length: 12 }, (_, i) => ({ value: `V${i}`, label: `Opção ${i}` }));
    expect(validateBundle(many).ok).toBe(true);
    expect(validateBundle(many, { channels: ['twitter'] }).ok).toBe(true);
    // WhatsApp sends what fits neither buttons nor a list as numbered text: no limit.
    expect(validateBundle(many, { channels: ['whatsapp'] }).ok).toBe(true);
    p4.options = Array.from({ length: 21 }, (_, i) => ({ value: `V${i}`, label: `Opção ${i}` }));
    const twitter = validateBundle(many, { channels: ['twitter'] });
    expect(twitter.ok ? [] : twitter.errors.map((e) => e.path)).toEqual([
      'questionnaires[0].questions[5].options',
    ]);
  });

  it('rejects what is not a bundle, with paths for missing parts', () => {
    expect(validateBundle(null)).toMatchObject({ ok: false, errors: [{ path: '$' }] });
    const result = validateBundle({ bot: {}, questionnaires: [] });
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'bot.entry: is required',
      'bot.welcome_back: is required',
      'bot.restart_questionnaire: is required',
      'bot.timeout_seconds: is required',
      'bot.timeout_message: is required',
      'bot.error_msg: is required',
      'bot.restart_keywords: is required',
      'bot.nodes: is required',
      'bot.tag_code_config: is required',
    ]);
  });
});
