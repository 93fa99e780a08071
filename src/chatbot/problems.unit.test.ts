import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOT_PROBLEMS, JSON_KINDS } from './engine/problems.js';
import { SYNTAX_PROBLEMS } from './engine/relevance/errors.js';
import { validateBundle } from './engine/validate.js';

/**
 * Every problem the validator and the relevance parser can report has a text in each language of
 * the web UI whose placeholders are exactly its params; every listed code is one the engine writes.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
type Texts = Record<string, string>;
const translations = Object.fromEntries(
  ['en', 'pt-BR'].map((language) => {
    const file = JSON.parse(readFileSync(path.join(root, `web/src/i18n/${language}.json`), 'utf8'));
    return [language, file.chatbots.issues as { codes: Texts; syntax: Texts; kinds: Texts }];
  }),
);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z_]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

function expectTexts(texts: Texts, codes: Record<string, readonly string[]>, prefix: string) {
  expect(Object.keys(texts).sort()).toEqual(Object.keys(codes).sort());
  for (const [code, params] of Object.entries(codes)) {
    const text = texts[code] ?? '';
    expect(text.trim(), `${prefix}.${code}`).not.toBe('');
    expect(placeholders(text), `${prefix}.${code}`).toEqual([...params].sort());
  }
}

function engineSources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('chatbot problem codes', () => {
  it.each(Object.keys(translations))('has a %s text for every code, with its params', (language) => {
    const texts = translations[language];
    if (!texts) throw new Error(language);
    expectTexts(texts.codes, BOT_PROBLEMS, 'chatbots.issues.codes');
    expectTexts(texts.syntax, SYNTAX_PROBLEMS, 'chatbots.issues.syntax');
    expect(Object.keys(texts.kinds).sort()).toEqual([...JSON_KINDS].sort());
  });

  it('lists only codes the engine writes', () => {
    const sources = engineSources(path.join(root, 'src/chatbot/engine')).replace(
      /export const (BOT|SYNTAX)_PROBLEMS = \{[\s\S]*?\n\} as const/g,
      '',
    );
    const unused = [...Object.keys(BOT_PROBLEMS), ...Object.keys(SYNTAX_PROBLEMS)].filter(
      (code) => !sources.includes(`code: '${code}'`),
    );
    expect(unused).toEqual([]);
  });

  it('gives every validation error of a broken bundle a code, and a syntax error its cause', () => {
    const result = validateBundle({
      bot: { entry: 1, nodes: [{ code: 'a', type: 'x' }], tag_code_config: { default: -1, scenarios: [] } },
      questionnaires: [
        { id: 'q', name: 'Q', questions: [{ code: 'P1', type: 'text', question: 'a', relevance: 'P1 = 1' }] },
      ],
      extra: true,
    });
    if (result.ok) throw new Error('accepted');
    expect(result.errors.filter((issue) => issue.code === undefined)).toEqual([]);
    expect(result.errors.find((issue) => issue.code === 'relevance_syntax')).toMatchObject({
      path: 'questionnaires[0].questions[0].relevance',
      params: { line: 1, column: 4 },
      cause: { code: 'single_equals', params: {} },
    });
    expect(result.errors.find((issue) => issue.path === 'bot.entry')).toMatchObject({
      code: 'wrong_type',
      params: { expected: 'string', found: 'number' },
      message: 'must be a string, not a number',
    });
  });
});
