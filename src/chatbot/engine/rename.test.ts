import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BotBundle } from './bot.js';
import type { Question } from './questionnaire/question.js';
import { namesIn, renameQuestion, storedNames } from './rename.js';
import type { Resume } from './resumes.js';
import { resume, start } from './session.js';
import type { ConversationState } from './state.js';
import { validateBundle } from './validate.js';

const demo = JSON.parse(
  readFileSync(new URL('./testdata/demo-bot.json', import.meta.url), 'utf8'),
) as BotBundle;
const T0 = Date.UTC(2024, 0, 1);

function indexOf(bundle: BotBundle, code: string): number {
  const i = bundle.questionnaires[0]?.questions.findIndex((q) => q.code === code) ?? -1;
  if (i < 0) throw new Error(`no ${code}`);
  return i;
}

function question(bundle: BotBundle, code: string): Question {
  return bundle.questionnaires[0]?.questions[indexOf(bundle, code)] as Question;
}

/** The first questionnaire's questions, to add to (a copy of) a bundle. */
function questionsOf(bundle: BotBundle): Question[] {
  const questionnaire = bundle.questionnaires[0];
  if (!questionnaire) throw new Error('no questionnaire');
  return questionnaire.questions as Question[];
}

function rename(bundle: BotBundle, from: string, to: string) {
  return renameQuestion(bundle, 0, indexOf(bundle, from), to);
}

/** Walks a conversation by button labels; returns every text the bot sent. */
function walk(bundle: BotBundle, labels: readonly string[]): string[] {
  let turn = start(
    bundle.bot,
    bundle.questionnaires,
    { kind: 'inbound', input: { kind: 'text', text: 'oi' } },
    T0,
  );
  const texts = turn.messages.map((m) => m.text);
  let state: ConversationState = turn.state;
  for (const label of labels) {
    const option = state.prompt.find((o) => o.label === label);
    if (!option) throw new Error(`no button ${label} among ${state.prompt.map((o) => o.label).join(', ')}`);
    const input: Resume = { kind: 'choose', value: option.value };
    turn = resume(bundle.bot, bundle.questionnaires, state, input, T0 + 1000);
    state = turn.state;
    texts.push(...turn.messages.map((m) => m.text));
  }
  return texts;
}

describe('renameQuestion', () => {
  it('renames a yes/no group named by an option value (the PenhaS idiom) everywhere it is read', () => {
    const result = rename(demo, 'P2a', 'P2_mim');
    if (!result.ok) throw new Error(result.reason);
    const renamed = result.bundle;
    const q = (code: string) => question(renamed, code);
    expect(q('P2_mim').relevance).toBe('P1==_self');
    const p1 = q('P1');
    expect(p1.type === 'onlychoice' && p1.options[0]).toEqual({
      value: 'P2_mim',
      label: 'Sobre mim',
    });
    expect(q('P2a_alerta').relevance).toBe('P2_mim > 0');
    expect(q('P2a_alerta').question).toContain('(total [% P2_mim %])');
    expect(q('P2a_nada').relevance).toBe('P2_mim == 0');
    expect(q('P4').relevance).toBe("P1=='P2_mim'");
    expect(renamed.bot.tag_code_config.scenarios.map((s) => s.check_code)).toEqual([
      'P2_mim',
      'P2b',
      'P2a_alerta',
    ]);
    expect(result.places.map((p) => `${p.kind} ${p.path}`)).toEqual([
      'option_value questionnaires[0].questions[0].options[0].value',
      'relevance questionnaires[0].questions[2].relevance',
      'text questionnaires[0].questions[2].question',
      'relevance questionnaires[0].questions[3].relevance',
      'relevance questionnaires[0].questions[5].relevance',
      'tag_scenario bot.tag_code_config.scenarios[0].check_code',
    ]);
    // The original is untouched.
    expect(question(demo, 'P2a_alerta').relevance).toBe('P2a > 0');

    // Same behaviour: valid, and the same conversation.
    const checked = validateBundle(renamed);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    const path = ['👍 Sim', 'Sobre mim', 'Sim', 'Não', 'Não'];
    expect(walk(renamed, path)).toEqual(walk(demo, path));
  });

  it('renames the names a yes/no group stores for its items, and keeps the rest of each text as written', () => {
    const bundle = structuredClone(demo) as BotBundle & { questionnaires: { questions: Question[] }[] };
    const questions = questionsOf(bundle);
    questions.push({
      code: 'P_FOLLOW',
      type: 'displaytext',
      question: 'Controle: [%P2a_controle%], medo: [% P2a_4 %], [% P2a_medo_x %]',
      relevance: "P2a_controle == 'Y'  and\n  P2a_4 == \"Y\" || P1 != 'P2a' || P2a_alerta",
    });
    const result = rename(bundle, 'P2a', 'GRUPO');
    if (!result.ok) throw new Error(result.reason);
    const follow = question(result.bundle, 'P_FOLLOW');
    expect(follow.relevance).toBe(
      "GRUPO_controle == 'Y'  and\n  GRUPO_4 == \"Y\" || P1 != 'GRUPO' || P2a_alerta",
    );
    expect(follow.question).toBe('Controle: [%GRUPO_controle%], medo: [% GRUPO_4 %], [% P2a_medo_x %]');
  });

  it('leaves a quoted value alone when it is not compared with a question that offers it', () => {
    const bundle = structuredClone(demo) as BotBundle;
    const questions = questionsOf(bundle);
    questions.push({ code: 'P_X', type: 'text', question: 'x', relevance: "P_NOME == 'P2a'" });
    const result = rename(bundle, 'P2a', 'P2_mim');
    if (!result.ok) throw new Error(result.reason);
    expect(question(result.bundle, 'P_X').relevance).toBe("P_NOME == 'P2a'");
  });

  it('renames a question no option names without touching option values or tags', () => {
    const result = rename(demo, 'P_RECADO', 'MENSAGEM');
    if (!result.ok) throw new Error(result.reason);
    expect(question(result.bundle, 'P_RECADO_ok')).toMatchObject({
      relevance: 'MENSAGEM',
      question: 'Recado anotado: "[% MENSAGEM %]".',
    });
    expect(result.places.map((p) => p.kind)).toEqual(['relevance', 'text']);
    expect(result.bundle.bot).toEqual(demo.bot);
  });

  it('refuses a code that is not a name, a reserved one, or one taken by a question or a group item', () => {
    expect(rename(demo, 'P_NOME', '2nome')).toEqual({ ok: false, reason: 'invalid_code', places: [] });
    expect(rename(demo, 'P_NOME', 'nome completo')).toMatchObject({ ok: false, reason: 'invalid_code' });
    expect(rename(demo, 'P_NOME', '')).toMatchObject({ ok: false, reason: 'invalid_code' });
    expect(rename(demo, 'P_NOME', '_self')).toMatchObject({ ok: false, reason: 'reserved_code' });
    expect(rename(demo, 'P_NOME', 'start_time')).toMatchObject({ ok: false, reason: 'reserved_code' });
    expect(rename(demo, 'P_NOME', 'P4')).toEqual({
      ok: false,
      reason: 'code_taken',
      places: [{ path: 'questionnaires[0].questions[5].code', text: 'P4' }],
    });
    expect(rename(demo, 'P_NOME', 'P2a_medo')).toMatchObject({
      ok: false,
      reason: 'code_taken',
      places: [{ path: 'questionnaires[0].questions[1].code', text: 'P2a' }],
    });
    // A group whose item names would be another question's code.
    expect(rename(demo, 'P2a', 'P_SEGURANCA_x')).toMatchObject({ ok: true });
    const bundle = structuredClone(demo) as BotBundle;
    questionsOf(bundle).push({ code: 'G_medo', type: 'text', question: 'x' });
    expect(rename(bundle, 'P2a', 'G')).toMatchObject({ ok: false, reason: 'code_taken' });
    expect(rename(demo, 'P_NOME', 'P_NOME')).toEqual({ ok: true, bundle: demo, places: [] });
  });

  it('refuses to rename a code two questions share, or one an unreadable expression mentions', () => {
    const twice = structuredClone(demo) as BotBundle;
    questionsOf(twice).push({ code: 'P_NOME', type: 'text', question: 'x' });
    expect(rename(twice, 'P_NOME', 'NOME')).toMatchObject({
      ok: false,
      reason: 'code_ambiguous',
      places: [
        { path: 'questionnaires[0].questions[13].code', text: 'P_NOME' },
        { path: 'questionnaires[0].questions[16].code', text: 'P_NOME' },
      ],
    });

    const broken = structuredClone(demo) as BotBundle;
    const questions = questionsOf(broken);
    questions.push({ code: 'P_Y', type: 'text', question: 'Oi [% P_NOME = %]', relevance: 'P_NOME = 1' });
    questions.push({ code: 'P_Z', type: 'text', question: 'x', relevance: "P1 == 'P2a' ||" });
    expect(rename(broken, 'P_NOME', 'NOME')).toEqual({
      ok: false,
      reason: 'unreadable',
      places: [
        { path: 'questionnaires[0].questions[16].relevance', text: 'P_NOME = 1' },
        { path: 'questionnaires[0].questions[16].question', text: 'Oi [% P_NOME = %]' },
      ],
    });
    // Lexes but does not parse: identifiers are still renamed; a compared value cannot be told apart.
    expect(rename(broken, 'P2a', 'P2_mim')).toMatchObject({
      ok: false,
      reason: 'unreadable',
      places: [{ path: 'questionnaires[0].questions[17].relevance' }],
    });
    const unparsed = structuredClone(demo) as BotBundle;
    questionsOf(unparsed).push({
      code: 'P_W',
      type: 'text',
      question: 'x',
      relevance: 'P_NOME ||',
    });
    const result = rename(unparsed, 'P_NOME', 'NOME');
    expect(result.ok && question(result.bundle, 'P_W').relevance).toBe('NOME ||');
  });
});

describe('namesIn and storedNames', () => {
  it('lists the names an expression reads, once each, without _self', () => {
    expect(namesIn("P1=='P2a' || (P2a > 0 and not P1) || _self")).toEqual(['P1', 'P2a']);
    expect(namesIn('1')).toEqual([]);
    expect(namesIn('P1 =')).toBeNull();
  });

  it('lists what a question stores its answer under', () => {
    expect(storedNames(question(demo, 'P2a'))).toEqual([
      'P2a',
      'P2a_controle',
      'P2a_1',
      'P2a_ameaca',
      'P2a_2',
      'P2a_medo',
      'P2a_4',
    ]);
    expect(storedNames(question(demo, 'P1'), 'X')).toEqual(['X']);
  });
});
