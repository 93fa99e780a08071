import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTranslators } from '../../i18n/test-translators.js';
import { buttonLimits } from './answer-editors.js';
import {
  addQuestionnaire,
  asEditable,
  duplicateQuestion,
  type EditableBundle,
  freePower,
  moveQuestion,
  newQuestion,
  nextCode,
  withType,
} from './bundle-model.js';
import { validateDraft } from './draft-context.js';
import type { Question } from './engine.js';
import { readRelevance } from './relevance-reading.js';

const demo = JSON.parse(
  readFileSync(new URL('../../../../src/chatbot/engine/testdata/demo-bot.json', import.meta.url), 'utf8'),
) as EditableBundle;

const codes = (bundle: EditableBundle) => bundle.questionnaires[0]?.questions.map((q) => q.code);

describe('the studio model', () => {
  it('takes a draft with the bundle shape, and nothing else', () => {
    expect(asEditable(demo)).toBe(demo);
    expect(asEditable({ ...demo, name: 'x' })).not.toBeNull();
    expect(asEditable(null)).toBeNull();
    expect(asEditable({ bot: { nodes: {} }, questionnaires: [] })).toBeNull();
    expect(
      asEditable({
        bot: { nodes: [] },
        questionnaires: [{ id: 'q', name: 'Q', questions: [{ type: 'text' }] }],
      }),
    ).toBeNull();
  });

  it('moves, duplicates and adds questions without touching the original', () => {
    const moved = moveQuestion(demo, 0, 2, 0);
    expect(codes(moved)?.slice(0, 3)).toEqual(['P2a_alerta', 'P1', 'P2a']);
    expect(codes(demo)?.slice(0, 3)).toEqual(['P1', 'P2a', 'P2a_alerta']);
    const twice = duplicateQuestion(duplicateQuestion(demo, 0, 0), 0, 0);
    expect(codes(twice)?.slice(0, 3)).toEqual(['P1', 'P1_copy2', 'P1_copy']);
    expect(nextCode(demo.questionnaires[0]?.questions ?? [])).toBe('P17');
    expect(nextCode([{ code: 'P2', type: 'text', question: '' }])).toBe('P3');
  });

  it('changes a question type keeping what both types share', () => {
    const choice: Question = {
      code: 'A',
      type: 'onlychoice',
      question: 'Q?',
      relevance: 'B',
      options: [{ value: 'x', label: 'X' }],
    };
    expect(withType(choice, 'text')).toEqual({ code: 'A', type: 'text', question: 'Q?', relevance: 'B' });
    expect(withType(withType(choice, 'botao_fim'), 'onlychoice')).toMatchObject({
      options: [{ value: '', label: '' }],
    });
    expect(newQuestion('yesnogroup', 'G')).toEqual({
      code: 'G',
      type: 'yesnogroup',
      question: '',
      yesnogroup: [{ question: '', power2answer: 1, referencia: '' }],
    });
    expect(freePower([{ power2answer: 1 }, { power2answer: 4 }])).toBe(2);
  });

  it('adds a questionnaire reachable by a button on the entry message', () => {
    const added = addQuestionnaire(demo, { id: 'extra', name: 'Extra', startLabel: 'Começar' });
    const entry = added.bot.nodes.find((node) => node.code === 'node_tos');
    expect(entry?.type === 'text_message' && entry.quick_replies.at(-1)).toEqual({
      label: 'Começar',
      metadata: 'node_extra',
    });
    expect(added.bot.nodes.at(-1)).toEqual({
      code: 'node_extra',
      type: 'questionnaire',
      questionnaire_id: 'extra',
    });
    expect(added.questionnaires.at(-1)).toEqual({ id: 'extra', name: 'Extra', questions: [] });
    expect(validateDraft(added, []).ok).toBe(true);
    expect(addQuestionnaire(demo, { id: 'x', name: 'X', startLabel: null }).bot).toBe(demo.bot);
  });

  it('checks button labels against the tightest limit of the channels the bot is attached to', () => {
    expect(buttonLimits(['web', 'whatsapp'])).toEqual({ label: null, count: null });
    expect(buttonLimits(['web', 'twitter'])).toEqual({
      label: { max: 36, channel: 'twitter' },
      count: { max: 20, channel: 'twitter' },
    });
  });

  it('validates a draft as publishing does, its name aside', () => {
    expect(validateDraft({ ...demo, name: 'Demo' }, ['twitter']).ok).toBe(true);
    const result = validateDraft({ ...demo, bot: { ...demo.bot, entry: 'nowhere' } }, []);
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.code])).toContainEqual([
      'bot.entry',
      'unknown_node',
    ]);
  });
});

describe('reading a relevance', () => {
  let t: Awaited<ReturnType<typeof testTranslators>>;
  beforeAll(async () => {
    t = await testTranslators();
  });
  const read = (source: string | undefined, self = 'P2a') => {
    const reading = readRelevance(source, self, t.english);
    return reading.ok ? reading.text : `error at ${reading.line}:${reading.column} (${reading.error.code})`;
  };

  it('reads the PenhaS idiom and the usual forms in plain words', () => {
    expect(read("P1=='P2a'")).toBe('Shown when P1 is “P2a”');
    expect(read('P1==_self')).toBe('Shown when P1 is “P2a”');
    expect(read('PARENT')).toBe('Shown when PARENT was answered');
    expect(read('!P3 && P4 != "x"')).toBe('Shown when P3 was not answered and P4 is not “x”');
    expect(read("CEP || P1=='FIM_1'")).toBe('Shown when CEP was answered or P1 is “FIM_1”');
    expect(read('P2a > 0 and (P1 == 1 or P1 == 2)')).toBe(
      'Shown when P2a is more than 0 and (P1 is 1 or P1 is 2)',
    );
    expect(read('3 <= SCORE')).toBe('Shown when SCORE is at least 3');
    expect(read('not (A or B)')).toBe('Shown when not (A was answered or B was answered)');
  });

  it('says always, never, or where the error is (in the text as typed)', () => {
    expect(read(undefined)).toBe('Always shown');
    expect(read('  ')).toBe('Always shown');
    expect(read('1')).toBe('Always shown');
    expect(read('0')).toBe('Never shown');
    expect(read("''")).toBe('Never shown');
    expect(read("  P1 = 'x'")).toBe('error at 1:6 (single_equals)');
    expect(read('(P1')).toBe('error at 1:4 (expected_paren_end)');
  });

  it('reads in Portuguese too', () => {
    const reading = readRelevance("P1=='P2a' || P3", 'X', t.pt);
    expect(reading.ok && reading.text).toBe('Mostrada quando P1 é “P2a” ou P3 foi respondida');
  });
});
