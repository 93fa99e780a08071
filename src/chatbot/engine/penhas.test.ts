import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertPenhas } from './penhas.js';
import { validateBundle } from './validate.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./testdata/penhas/${name}`, import.meta.url), 'utf8'));
}

const config = fixture('config.json') as { nodes: Record<string, unknown>[] } & Record<string, unknown>;
const rows = fixture('quiz_config.json') as Record<string, unknown>[];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('convertPenhas', () => {
  it('maps node roles by position to explicit keys and drops informational fields', () => {
    const result = convertPenhas(config, rows);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([]);
    const { bot } = result.bundle;
    expect({
      entry: bot.entry,
      welcome_back: bot.welcome_back,
      restart_questionnaire: bot.restart_questionnaire,
      restart_keywords: bot.restart_keywords,
      timeout_seconds: bot.timeout_seconds,
    }).toEqual({
      entry: 'node_tos',
      welcome_back: 'node_welcome_back',
      restart_questionnaire: '2',
      restart_keywords: ['reiniciar'],
      timeout_seconds: 86400,
    });
    expect(bot.nodes[3]).toEqual({ code: 'node_tos_accepted', type: 'questionnaire', questionnaire_id: '2' });
    expect(bot.nodes[0]).toEqual({
      code: 'node_tos',
      type: 'text_message',
      messages: ['Olá! Eu sou a Penha, assistente virtual.', 'Você concorda com os termos de uso?'],
      quick_replies: [
        { label: '👍 Sim', metadata: 'node_tos_accepted' },
        { label: '👎 Não', metadata: 'node_tos_refused' },
      ],
      attachment: null,
    });
    // The result is a valid Parley bundle within Twitter's limits.
    expect(validateBundle(result.bundle, { channels: ['twitter'] }).ok).toBe(true);
  });

  it('keeps published rows ordered by sort then id, and maps each question type', () => {
    const result = convertPenhas(config, rows);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [questionnaire] = result.bundle.questionnaires;
    expect(result.bundle.questionnaires).toHaveLength(1);
    expect(questionnaire?.id).toBe('2');
    const questions = questionnaire?.questions ?? [];
    expect(questions.map((q) => `${q.code}:${q.type}:${q.relevance}`)).toEqual([
      'BOAS_VINDAS:displaytext:1',
      'P1:onlychoice:1',
      'P2a:yesnogroup:P1==_self',
      'P2a_resultado:displaytext:P2a > 0',
      'P2b:onlychoice:P1==_self',
      'P3_cep:cep_address_lookup:P2b==_self',
      "FIM_1:botao_fim:P3_cep || P1=='P2a'",
      'RESET_1:botao_fim:P2b==_self',
      'SAIR_1:botao_fim:P2b==_self',
      'P_NUNCA:text:0',
    ]);
    const byCode = Object.fromEntries(questions.map((q) => [q.code, q]));
    expect(byCode.P1).toMatchObject({ intro: ['Vou te fazer algumas perguntas.'] });
    expect(byCode.P2a).toMatchObject({
      yesnogroup: [
        { question: 'Ele controla suas redes sociais?', power2answer: 1, referencia: 'redes' },
        { question: 'Ele já te humilhou em público?', power2answer: 4, referencia: 'humilha' },
      ],
    });
    expect(byCode.FIM_1).toMatchObject({ end: 'finish', button_label: null });
    expect(byCode.RESET_1).toMatchObject({ end: 'restart', button_label: null, question: '' });
    expect(byCode.SAIR_1).toMatchObject({ end: 'restart', button_label: 'Começar de novo' });
  });

  it('reads CSV-shaped rows (every cell a string) and takes the questionnaire id from the options', () => {
    const csvRows = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([key]) => key !== 'questionnaire_id')
          .map(([key, value]) => [key, value === null ? '' : String(value)]),
      ),
    );
    const result = convertPenhas(config, csvRows, { questionnaire_id: '2' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const reference = convertPenhas(config, rows);
    expect(reference.ok && result.bundle).toEqual(reference.ok && reference.bundle);
  });

  it('fills PenhaS defaults: end button text fallback, "Enviar" label, missing tag config', () => {
    const noTags = clone(config);
    delete noTags.tag_code_config;
    const changed = clone(rows).map((row) =>
      row.code === 'SAIR_1' ? { ...row, question: '.', button_label: null } : row,
    );
    const result = convertPenhas(noTags, changed);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const sair = result.bundle.questionnaires[0]?.questions.find((q) => q.code === 'SAIR_1');
    expect(sair).toMatchObject({ question: 'Texto de finalização do questionário', button_label: 'Enviar' });
    expect(result.bundle.bot.tag_code_config).toEqual({ default: 0, scenarios: [] });
    expect(result.warnings.map((w) => w.path)).toEqual(['config.tag_code_config']);
  });

  it('reports every problem at once with its path (and row), and imports nothing', () => {
    const badConfig = clone(config);
    delete badConfig.error_msg;
    badConfig.timeout_seconds = 'um dia';
    const [tos, , refused, accepted] = badConfig.nodes;
    if (!tos || !refused || !accepted) throw new Error('fixture changed');
    tos.quick_replies = [{ label: '👍 Sim', metadata: 'node_tos_accepted' }];
    refused.quick_replies = [{ label: '🔙 Voltar', metadata: 'node_inexistente' }];
    badConfig.nodes.push({ code: 'node_quiz_9', type: 'questionnaire', questionnaire_id: '9' });
    const badRows = clone(rows);
    const patch = (code: string, change: Record<string, unknown>) => {
      const index = badRows.findIndex((row) => row.code === code);
      badRows[index] = { ...badRows[index], ...change };
      return index;
    };
    const p1 = patch('P1', { options: '[{"value":"P2a","label":"Para mim"' });
    const p2a = patch('P2a', {
      yesnogroup:
        '[{"question":"a","power2answer":1,"referencia":"a","Status":1},{"question":"b","power2answer":3,"referencia":"b","Status":1}]',
    });
    const p2b = patch('P2b', { relevance: "P1 = 'P2b'" });
    const cep = patch('P3_cep', { type: 'skillset' });
    const nunca = patch('P_NUNCA', { code: '', questionnaire_id: null });

    const result = convertPenhas(badConfig, badRows);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The JSON parser's own wording differs between Node versions.
    const shown = result.errors.map(
      (e) =>
        `${e.path}${e.row === undefined ? '' : ` (row ${e.row})`}: ${e.message.replace(/^(invalid JSON):.*/, '$1')}`,
    );
    expect(shown).toEqual([
      `quiz[${p1}].options (row ${p1}): invalid JSON`,
      `quiz[${p2b}].relevance (row ${p2b}): relevance syntax error at 1:4: unexpected '=' (use '==' to compare)`,
      `quiz[${cep}].type (row ${cep}): question type 'skillset' is not supported by the anonymous (Twitter) quiz`,
      `quiz[${nunca}].questionnaire_id (row ${nunca}): is required (or give the questionnaire id for rows without one)`,
      `quiz[${nunca}].code (row ${nunca}): must be a non-empty string`,
      "config.nodes[4].questionnaire_id: questionnaire '9' has no published quiz_config rows",
      'config.timeout_seconds: must be a whole number of seconds',
      'config.error_msg: is required',
    ]);
    // The yes/no group error comes from validating the converted bundle; with the errors above
    // the conversion stops first. Fixed, the remaining problems are reported with input paths:
    const second = convertPenhas(
      { ...clone(config), nodes: [tos, config.nodes[1], refused, accepted] },
      clone(rows).map((row, i) => (i === p2a ? badRows[p2a] : row)),
    );
    expect(
      second.ok
        ? []
        : second.errors.map((e) => `${e.path}${e.row === undefined ? '' : ` (row ${e.row})`}: ${e.message}`),
    ).toEqual([
      `quiz[${p2a}].yesnogroup[1].power2answer (row ${p2a}): 3 is not a power of two`,
      "config.nodes[2].quick_replies[0].metadata: unknown target node 'node_inexistente'",
      "config.nodes[2]: node 'node_tos_refused' cannot be reached from entry or welcome_back",
    ]);
  });

  it('needs nodes[3] to be a questionnaire when end buttons restart', () => {
    const threeNodes = clone(config);
    threeNodes.nodes = threeNodes.nodes.slice(0, 3);
    const result = convertPenhas(threeNodes, rows);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^quiz\[\d+\]\.code$/)]),
    );
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toContain(
      "end button 'RESET_1' restarts the questionnaire of nodes[3], but nodes[3] is not a questionnaire node",
    );
  });
});
