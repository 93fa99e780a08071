import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMPORT_PROBLEM_CODES, IMPORT_PROBLEMS } from './import-problems.js';

/**
 * Every problem an import can list has a text in each language of the web UI, whose placeholders
 * are exactly the problem's params; and each listed code is one the CSV importer writes (the types
see that every code it writes is listed).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const translations = {
  en: JSON.parse(readFileSync(path.join(root, 'web/src/i18n/en.json'), 'utf8')),
  'pt-BR': JSON.parse(readFileSync(path.join(root, 'web/src/i18n/pt-BR.json'), 'utf8')),
} as Record<string, { importProblems: Record<string, string> }>;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z_]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

describe('import problem codes', () => {
  it.each(Object.keys(translations))('has a %s text for every code, with its params', (language) => {
    const texts = translations[language]!.importProblems;
    expect(Object.keys(texts).sort()).toEqual([...IMPORT_PROBLEM_CODES].sort());
    for (const code of IMPORT_PROBLEM_CODES) {
      const text = texts[code] ?? '';
      expect(text.trim(), `importProblems.${code}`).not.toBe('');
      expect(placeholders(text), `importProblems.${code}`).toEqual([...IMPORT_PROBLEMS[code]].sort());
    }
  });

  it('lists only codes the CSV importer writes', () => {
    const dir = path.join(root, 'src/sources/spoke/csv');
    const sources = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => readFileSync(path.join(dir, file), 'utf8'))
      .join('\n');
    expect(IMPORT_PROBLEM_CODES.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });
});
