import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BotBundle } from './bot.js';
import { diffBundles, isEmptyDiff, sameValue } from './diff.js';

const demo = JSON.parse(
  readFileSync(new URL('./testdata/demo-bot.json', import.meta.url), 'utf8'),
) as BotBundle;

/** A deep copy to change freely (the bundle types are read-only). */
// biome-ignore lint/suspicious/noExplicitAny: test data is edited in place
function edit(): any {
  return JSON.parse(JSON.stringify(demo));
}

describe('diffBundles', () => {
  it('finds nothing between a bundle and its copy, keys in another order and defaults spelt out', () => {
    const copy = edit();
    copy.bot = Object.fromEntries(Object.entries(copy.bot).reverse());
    copy.bot.labels = {};
    copy.questionnaires[0].questions[0].relevance = '';
    const diff = diffBundles(demo, copy);
    expect(diff).toEqual({
      settings: [],
      nodes: { added: [], removed: [], changed: [], order: null },
      questionnaires: { added: [], removed: [], changed: [], order: null },
    });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('lists settings, nodes and quick replies added, removed and changed', () => {
    const next = edit();
    next.bot.timeout_seconds = 3600;
    next.bot.restart_keywords.push('menu');
    next.bot.nodes = next.bot.nodes.filter((node: { code: string }) => node.code !== 'node_tos_refused');
    next.bot.nodes.push({ code: 'node_new', type: 'text_message', messages: ['Oi'], quick_replies: [] });
    const tos = next.bot.nodes[0];
    tos.messages = ['Olá!'];
    tos.quick_replies = [
      { label: 'Aceito', metadata: 'node_tos_accepted' },
      { label: 'Novo', metadata: 'node_new' },
    ];

    const diff = diffBundles(demo, next);
    expect(diff.settings).toEqual([
      { field: 'timeout_seconds', before: 86400, after: 3600 },
      {
        field: 'restart_keywords',
        before: ['reiniciar', 'recomeçar'],
        after: ['reiniciar', 'recomeçar', 'menu'],
      },
    ]);
    expect(diff.nodes.added).toEqual([{ code: 'node_new', type: 'text_message' }]);
    expect(diff.nodes.removed).toEqual([{ code: 'node_tos_refused', type: 'text_message' }]);
    expect(diff.nodes.changed).toEqual([
      {
        code: 'node_tos',
        fields: [
          {
            field: 'messages',
            before: demo.bot.nodes[0]?.type === 'text_message' && demo.bot.nodes[0].messages,
            after: ['Olá!'],
          },
        ],
        quick_replies: {
          added: [{ label: 'Novo', metadata: 'node_new' }],
          removed: [{ label: '👎 Não', metadata: 'node_tos_refused' }],
          changed: [
            { key: 'node_tos_accepted', fields: [{ field: 'label', before: '👍 Sim', after: 'Aceito' }] },
          ],
          order: null,
        },
      },
    ]);
    expect(diff.nodes.order).toBeNull();
  });

  it('lists questions, options and yes/no items added, removed, changed and moved', () => {
    const next = edit();
    const questions = next.questionnaires[0].questions;
    const [p1, group] = questions;
    p1.options.reverse();
    p1.options[0].label = 'Recado';
    p1.options.push({ value: 'P_OUTRO', label: 'Outro' });
    group.relevance = "P1=='P2a'";
    group.yesnogroup = group.yesnogroup.slice(0, 2);
    group.yesnogroup[1].power2answer = 8;
    questions.splice(2, 1);
    questions.unshift({ code: 'P0', type: 'text', question: 'Seu nome?' });
    next.questionnaires[0].name = 'Outro nome';
    next.questionnaires.push({ id: 'extra', name: 'Extra', questions: [] });

    const diff = diffBundles(demo, next).questionnaires;
    expect(diff.added).toEqual([{ id: 'extra', name: 'Extra' }]);
    expect(diff.removed).toEqual([]);
    const [change] = diff.changed;
    expect(change?.fields).toEqual([
      { field: 'name', before: 'Demonstração (todos os tipos de pergunta)', after: 'Outro nome' },
    ]);
    expect(change?.questions.added).toEqual([{ code: 'P0', type: 'text', question: 'Seu nome?' }]);
    const removed = demo.questionnaires[0]?.questions[2];
    expect(change?.questions.removed).toEqual([
      { code: removed?.code, type: removed?.type, question: removed?.question },
    ]);
    expect(change?.questions.order).toBeNull();
    const [p1Change, groupChange] = change?.questions.changed ?? [];
    expect(p1Change).toMatchObject({
      code: 'P1',
      fields: [],
      options: {
        added: [{ value: 'P_OUTRO', label: 'Outro' }],
        removed: [],
        changed: [
          { key: 'P_NOME', fields: [{ field: 'label', before: 'Deixar um recado', after: 'Recado' }] },
        ],
        order: { before: ['P2a', 'P2b', 'P_CEP', 'P_NOME'], after: ['P_NOME', 'P_CEP', 'P2b', 'P2a'] },
      },
    });
    expect(groupChange).toMatchObject({
      code: 'P2a',
      fields: [{ field: 'relevance', before: 'P1==_self', after: "P1=='P2a'" }],
      items: {
        added: [],
        removed: [{ referencia: 'medo', power2answer: 4 }],
        changed: [{ key: 'ameaca', fields: [{ field: 'power2answer', before: 2, after: 8 }] }],
        order: null,
      },
    });
  });

  it('tells a reordering of questions, and a question whose type changed', () => {
    const next = edit();
    const questions = next.questionnaires[0].questions;
    [questions[0], questions[1]] = [questions[1], questions[0]];
    const last = questions[questions.length - 1];
    const diff = diffBundles(demo, next).questionnaires.changed[0]?.questions;
    const codes = demo.questionnaires[0]?.questions.map((q) => q.code) ?? [];
    expect(diff?.order).toEqual({ before: codes, after: [codes[1], codes[0], ...codes.slice(2)] });
    expect(diff?.changed).toEqual([]);

    last.type = 'text';
    delete last.options;
    delete last.end;
    delete last.button_label;
    const typed = diffBundles(demo, next).questionnaires.changed[0]?.questions.changed;
    expect(typed?.[0]?.code).toBe(last.code);
    expect(typed?.[0]?.fields.find((f) => f.field === 'type')).toMatchObject({ after: 'text' });
  });

  it('matches a code used twice by occurrence', () => {
    const base = edit();
    base.questionnaires[0].questions = [
      { code: 'A', type: 'text', question: 'one' },
      { code: 'A', type: 'text', question: 'two' },
    ];
    const next = JSON.parse(JSON.stringify(base));
    next.questionnaires[0].questions[1].question = 'dois';
    const changed = diffBundles(base, next).questionnaires.changed[0]?.questions.changed;
    expect(changed).toEqual([
      {
        code: 'A',
        fields: [{ field: 'question', before: 'two', after: 'dois' }],
        options: { added: [], removed: [], changed: [], order: null },
        items: { added: [], removed: [], changed: [], order: null },
      },
    ]);
  });
});

describe('sameValue', () => {
  it('compares JSON values deeply, absent as null', () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: [] }, { a: {} })).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
