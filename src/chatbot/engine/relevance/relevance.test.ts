import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.js';
import { evaluate, isRelevant } from './evaluate.js';
import { interpolate, parseTemplate } from './interpolate.js';
import { MAX_SOURCE_LENGTH } from './lexer.js';
import { parse } from './parser.js';
import { isTruthy, type Responses, toNumber, toText, type Value } from './values.js';

// Test files may read their JSON cases from disk; the engine code itself never does I/O.
const casesDir = new URL('./cases/', import.meta.url);

interface ValueCase {
  expr: string;
  responses?: Record<string, string | number>;
  self?: string | null;
  value: Value;
  truthy: boolean;
  note?: string;
}
interface ErrorCase {
  expr: string;
  message: string;
  offset: number;
  line: number;
  column: number;
}
interface TemplateCase {
  template: string;
  responses?: Record<string, string | number>;
  result: string;
}

function load<T>(name: string): T[] {
  const file = JSON.parse(readFileSync(new URL(name, casesDir), 'utf8')) as { cases: T[] };
  return file.cases;
}

const valueFiles = readdirSync(casesDir).filter(
  (name) => name.endsWith('.json') && name !== 'errors.json' && name !== 'interpolate.json',
);

describe('relevance expressions (cases/*.json)', () => {
  it('has the case files', () => {
    expect(valueFiles.sort()).toEqual([
      'comparison.json',
      'idiom.json',
      'logical.json',
      'precedence.json',
      'truthiness.json',
    ]);
  });
  for (const file of valueFiles) {
    describe(file, () => {
      for (const c of load<ValueCase>(file)) {
        it(`${c.expr}${c.responses ? ` with ${JSON.stringify(c.responses)}` : ''}`, () => {
          const parsed = parse(c.expr);
          if (!parsed.ok) throw new Error(`does not parse: ${parsed.error.message}`);
          const scope = { responses: c.responses ?? {}, self: c.self ?? null };
          const value = evaluate(parsed.expr, scope);
          expect(value).toStrictEqual(c.value);
          expect(isTruthy(value)).toBe(c.truthy);
          expect(isRelevant(c.expr, scope)).toBe(c.truthy);
        });
      }
    });
  }
});

describe('syntax errors (cases/errors.json)', () => {
  for (const c of load<ErrorCase>('errors.json')) {
    it(JSON.stringify(c.expr), () => {
      const parsed = parse(c.expr);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.error.message).toContain(c.message);
      expect({ offset: parsed.error.offset, line: parsed.error.line, column: parsed.error.column }).toEqual({
        offset: c.offset,
        line: c.line,
        column: c.column,
      });
    });
  }

  it('bounds the size of an expression', () => {
    const long = `${'P1 == 1 || '.repeat(300)}1`;
    const parsed = parse(long);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/more than \d+ tokens|longer than/);
    const huge = parse('1'.repeat(MAX_SOURCE_LENGTH + 1));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.error.message).toContain('longer than');
  });

  it('treats relevance 1 and 0 specially and a broken relevance as not relevant', () => {
    const scope = { responses: {}, self: null };
    expect(isRelevant('1', scope)).toBe(true);
    expect(isRelevant(' 0 ', scope)).toBe(false);
    expect(isRelevant('P1 = 2', scope)).toBe(false);
  });
});

describe('interpolation (cases/interpolate.json)', () => {
  for (const c of load<TemplateCase>('interpolate.json')) {
    it(JSON.stringify(c.template), () => {
      expect(interpolate(c.template, c.responses ?? {})).toBe(c.result);
    });
  }

  it('reports broken placeholders with their offset in the whole text', () => {
    const parsed = parseTemplate('Olá [% P1 = %] e [% (A %]');
    expect(parsed.errors.map((e) => [e.message, e.offset])).toEqual([
      ["unexpected '=' (use '==' to compare)", 10],
      ["expected ')' but found end of expression", 23],
    ]);
  });
});

describe('Perl conversions', () => {
  it('stringifies numbers like Perl', () => {
    expect([0, 1, -3, 1.5, 0.1 + 0.2, 1e20, 1e-5, 123456789012345, 1234567890123456].map(toText)).toEqual([
      '0',
      '1',
      '-3',
      '1.5',
      '0.3',
      '1e+20',
      '1e-05',
      '123456789012345',
      '1.23456789012346e+15',
    ]);
  });
  it('numifies strings by their leading number', () => {
    expect(['12', ' 12abc', '-1.5e2x', '.5', 'abc', '', '0x10', 'inf'].map(toNumber)).toEqual([
      12,
      12,
      -150,
      0.5,
      0,
      0,
      0,
      Number.POSITIVE_INFINITY,
    ]);
  });
});

/** Arbitrary source text biased towards the language's own vocabulary. */
const sourceText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        'P1',
        '_self',
        'not',
        'and',
        'or',
        '!',
        '&&',
        '||',
        '==',
        '!=',
        '<',
        '<=',
        '>',
        '>=',
        '(',
        ')',
        "'a'",
        '"b"',
        '0',
        '1.5',
        ' ',
        "'",
        '=',
        '&',
        '\\',
        '\n',
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(' ')),
);

const responsesArb: fc.Arbitrary<Responses> = fc.dictionary(
  fc.oneof(fc.constantFrom('P1', 'A', 'B', '_self', '__proto__', 'constructor'), fc.string({ maxLength: 5 })),
  fc.oneof(fc.string({ maxLength: 6 }), fc.double(), fc.integer()),
  { maxKeys: 6 },
);

function isValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number';
}

describe('properties', () => {
  it('the parser never throws: it returns an AST or a positioned syntax error', () => {
    fc.assert(
      fc.property(sourceText, (source) => {
        const parsed = parse(source);
        if (!parsed.ok) {
          expect(parsed.error.kind).toBe('syntax_error');
          expect(parsed.error.offset).toBeGreaterThanOrEqual(0);
          expect(parsed.error.offset).toBeLessThanOrEqual(source.length);
          expect(parsed.error.line).toBeGreaterThanOrEqual(1);
          expect(parsed.error.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the evaluator never throws on a parsed AST, whatever the responses', () => {
    fc.assert(
      fc.property(
        sourceText,
        responsesArb,
        fc.option(fc.string({ maxLength: 5 })),
        (source, responses, self) => {
          const parsed = parse(source);
          if (!parsed.ok) return;
          const value = evaluate(parsed.expr, { responses, self });
          expect(isValue(value)).toBe(true);
          isRelevant(source, { responses, self });
          interpolate(`x [% ${source} %] y`, responses);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the evaluator is total on arbitrary well-formed trees', () => {
    const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({
          kind: fc.constant('literal' as const),
          value: fc.oneof(fc.string(), fc.double()),
          offset: fc.nat(),
        }),
        fc.record({ kind: fc.constant('variable' as const), name: fc.string(), offset: fc.nat() }),
        fc.record({ kind: fc.constant('not' as const), operand: tie('expr'), offset: fc.nat() }),
        fc.record({
          kind: fc.constant('compare' as const),
          op: fc.constantFrom(
            '==' as const,
            '!=' as const,
            '<' as const,
            '>' as const,
            '<=' as const,
            '>=' as const,
          ),
          left: tie('expr'),
          right: tie('expr'),
          offset: fc.nat(),
        }),
        fc.record({
          kind: fc.constant('logical' as const),
          op: fc.constantFrom('&&' as const, '||' as const, 'and' as const, 'or' as const),
          left: tie('expr'),
          right: tie('expr'),
          offset: fc.nat(),
        }),
      ),
    })).expr;
    fc.assert(
      fc.property(exprArb, responsesArb, (expr, responses) => {
        expect(isValue(evaluate(expr, { responses, self: 'P1' }))).toBe(true);
      }),
    );
  });
});
