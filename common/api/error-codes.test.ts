import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFileSync } from '@swc/core';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.js';

/**
 * Every error code the server can send has a text in each language of the web UI, and the list
 * in error-codes.ts holds every code thrown in src/ (found by parsing the sources, so a code
 * passed to any domain error, HttpError or reply body is seen wherever it is written).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const translations = {
  en: JSON.parse(readFileSync(path.join(root, 'web/src/i18n/en.json'), 'utf8')),
  'pt-BR': JSON.parse(readFileSync(path.join(root, 'web/src/i18n/pt-BR.json'), 'utf8')),
} as Record<string, { apiErrors: Record<string, string>; validationIssues: Record<string, string> }>;

const PLURAL = /_(zero|one|two|few|many|other)$/;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z_]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

type Node = { type?: string; [key: string]: unknown };

function children(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  if (typeof node !== 'object' || node === null) return [];
  return Object.values(node);
}

function nameOf(node: unknown): string | null {
  const n = node as Node | null;
  if (!n) return null;
  if (n.type === 'Identifier') return n.value as string;
  if (n.type === 'AssignmentPattern') return nameOf(n.left);
  if (n.type === 'Parameter') return nameOf(n.pat);
  if (n.type === 'TsParameterProperty') return nameOf(n.param);
  return null;
}

function stringValue(node: unknown): string | null {
  const n = node as Node | null;
  if (n?.type === 'StringLiteral') return n.value as string;
  // `'code' as const`, `('code')`…
  if (
    n &&
    typeof n.type === 'string' &&
    /^(Ts\w+Expression|TsConstAssertion|ParenthesisExpression)$/.test(n.type)
  )
    return stringValue(n.expression);
  return null;
}

const sourceFiles = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
  .map((file) => path.join(root, 'src', file));
const modules = sourceFiles.map((file) => ({
  file: path.relative(root, file),
  ast: parseFileSync(file, { syntax: 'typescript' }) as unknown,
}));

function walk(
  node: unknown,
  visit: (node: Node, superName: string | null) => void,
  superName: string | null,
) {
  const n = node as Node;
  let inner = superName;
  if (n && (n.type === 'ClassDeclaration' || n.type === 'ClassExpression')) inner = nameOf(n.superClass);
  if (n && typeof n.type === 'string') visit(n, inner);
  for (const child of children(node)) walk(child, visit, inner);
}

/** Which argument is the code, for each error class (and `errorBody`): learnt from the constructors. */
function codeArguments(): Map<string, number> {
  const known = new Map<string, number>([
    ['DomainError', 0],
    ['errorBody', 0],
  ]);
  for (let pass = 0; pass < 5; pass++) {
    for (const { ast } of modules) {
      walk(
        ast,
        (node) => {
          if (node.type !== 'ClassDeclaration') return;
          const name = nameOf(node.identifier);
          const parent = nameOf(node.superClass);
          if (!name || !parent || (!known.has(parent) && parent !== 'Error')) return;
          const ctor = (node.body as Node[]).find((member) => member.type === 'Constructor');
          // Without a constructor of its own, a class takes its parent's arguments.
          const index = ctor
            ? (ctor.params as unknown[]).findIndex((param) => nameOf(param) === 'code')
            : (known.get(parent) ?? -1);
          if (index >= 0) known.set(name, index);
        },
        null,
      );
    }
  }
  return known;
}

/** Every code literal in src/, with where it is. */
function thrownCodes(): Map<string, string> {
  const codeArg = codeArguments();
  const found = new Map<string, string>();
  const note = (code: string | null, file: string) => {
    if (code !== null && !found.has(code)) found.set(code, file);
  };
  for (const { file, ast } of modules) {
    walk(
      ast,
      (node, superName) => {
        const args = node.arguments as { expression: unknown }[] | undefined;
        if (node.type === 'NewExpression' || node.type === 'CallExpression') {
          const callee = node.callee as Node;
          const name = callee.type === 'Super' ? superName : nameOf(callee);
          const index = name === null ? undefined : codeArg.get(name);
          if (index !== undefined) note(stringValue(args?.[index]?.expression), file);
        }
        // A default code: `code: ErrorCode = 'bad_request'`.
        if (node.type === 'AssignmentPattern' && nameOf(node.left) === 'code')
          note(stringValue(node.right), file);
        // A reply body written out: `{ error: { code: '…' } }`.
        if (node.type === 'KeyValueProperty' && nameOf(node.key) === 'error') {
          const value = node.value as Node;
          for (const prop of (value.type === 'ObjectExpression' ? value.properties : []) as Node[]) {
            if (prop.type === 'KeyValueProperty' && nameOf(prop.key) === 'code')
              note(stringValue(prop.value), file);
          }
        }
      },
      null,
    );
  }
  return found;
}

describe('error codes', () => {
  it('lists every code thrown in src/', () => {
    const found = thrownCodes();
    // The scan sees each way a code is written (a default, a subclass's super call, an HTTP-layer reply).
    for (const code of ['bad_request', 'invalid_bot', 'import_rejected', 'validation_failed', 'rate_limited'])
      expect(found.has(code), `${code} not found by the scan`).toBe(true);
    const unlisted = [...found].filter(([code]) => !(ERROR_CODES as readonly string[]).includes(code));
    expect(unlisted.map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it.each(Object.keys(translations))(
    'has a %s text for every code, with the same parameters as English',
    (language) => {
      const texts = translations[language]!.apiErrors;
      const english = translations.en!.apiErrors;
      const missing = ERROR_CODES.filter(
        (code) => !(code in texts) && !(`${code}_one` in texts && `${code}_other` in texts),
      );
      expect(missing).toEqual([]);
      for (const [key, text] of Object.entries(texts)) {
        expect(text.trim(), key).not.toBe('');
        expect(ERROR_CODES as readonly string[], `apiErrors.${key} is no error code`).toContain(
          key.replace(PLURAL, ''),
        );
        const base = english[key] ?? english[`${key.replace(PLURAL, '')}_other`] ?? '';
        expect(placeholders(text), `apiErrors.${key}`).toEqual(placeholders(base));
      }
    },
  );

  it('has the request-validation texts in every language', () => {
    const keys = Object.keys(translations.en!.validationIssues).sort();
    for (const language of Object.keys(translations)) {
      const texts = translations[language]!.validationIssues;
      expect(Object.keys(texts).sort()).toEqual(keys);
      for (const key of keys)
        expect(placeholders(texts[key]!), key).toEqual(placeholders(translations.en!.validationIssues[key]!));
    }
  });
});
