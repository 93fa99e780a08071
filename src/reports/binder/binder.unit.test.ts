import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../header/index.js';
import { type BindParam, bind, statementCount, tokenize } from './index.js';

const NAMES = ['a', 'b', 'start_date', 'ids'];
const params = (value: (name: string) => ParamValue = () => 1): Map<string, BindParam> =>
  new Map(NAMES.map((n) => [n, { type: 'int' as const, value: value(n) }]));

// Text inside literals and comments: every character that could confuse a scanner.
const tricky = fc.string({ unit: fc.constantFrom(...'ab :;\'"$\\-/*\nEe_1'.split('')), maxLength: 12 });
const marker = fc.constantFrom(...NAMES).map((n) => ({ kind: 'marker' as const, name: n, text: `:${n}` }));
const fixed = (kind: string) => (text: string) => ({ kind, name: '', text });
const fragment = fc.oneof(
  fc.constantFrom('SELECT', 'a', '+', '::int', '(', ')', ',', '=', '42', 'x.y', 'IN').map(fixed('code')),
  tricky.map((t) => `'${t.replaceAll("'", "''")}'`).map(fixed('string')),
  tricky.map((t) => `E'${t.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`).map(fixed('string')),
  tricky.map((t) => `"${t.replaceAll('"', '""')}"`).map(fixed('identifier')),
  tricky
    .filter((t) => !t.includes('$q$'))
    .map((t) => `$q$${t}$q$`)
    .map(fixed('dollar')),
  tricky
    .filter((t) => !t.includes('$') || !t.endsWith('$'))
    .map((t) => `$$${t.replaceAll('$$', '$ $')}$$`)
    .map(fixed('dollar')),
  tricky.map((t) => `--${t.replaceAll('\n', ' ')}\n`).map(fixed('comment')),
  tricky.map((t) => `/* ${t.replaceAll('/', '|')} */`).map(fixed('comment')),
  marker,
);

describe('binder', () => {
  it('tokenizes losslessly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab :;\'"$\\-/*\nEe_1q'.split('')) }), (sql) => {
        expect(
          tokenize(sql)
            .map((t) => t.text)
            .join(''),
        ).toBe(sql);
      }),
    );
  });

  it('never changes the text outside markers', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }), (fragments) => {
        const sql = fragments.map((f) => f.text).join(' ');
        const numbers = new Map<string, number>();
        const expected = fragments
          .map((f) => {
            if (f.kind !== 'marker') return f.text;
            if (!numbers.has(f.name)) numbers.set(f.name, numbers.size + 1);
            return `$${numbers.get(f.name)}::int`;
          })
          .join(' ');
        const bound = bind(sql, params());
        expect(bound.text).toBe(expected);
        expect(bound.values).toHaveLength(numbers.size);
      }),
    );
  });

  it('never puts a value into the SQL text', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }), fc.string(), (fragments, payload) => {
        const sql = fragments.map((f) => f.text).join(' ');
        const bound = bind(
          sql,
          params((n) => `VALUE<${n}>${payload}`),
        );
        expect(bound.text).not.toContain('VALUE<');
        for (const value of bound.values) expect(String(value)).toMatch(/^VALUE</);
      }),
    );
  });

  it('rewrites IN (:list) to = ANY and NOT IN to <> ALL, typed arrays', () => {
    const list = new Map<string, BindParam>([
      ['ids', { type: 'int_list', value: [1, 2] }],
      ['names', { type: 'string_list', value: ['a'] }],
    ]);
    expect(
      bind('SELECT * FROM t WHERE id IN (:ids) AND name not in ( :names ) AND x = ANY(:ids)', list),
    ).toEqual({
      text: 'SELECT * FROM t WHERE id = ANY($1::int[]) AND name <> ALL($2::text[]) AND x = ANY($1::int[])',
      values: [[1, 2], ['a']],
    });
  });

  it('casts each placeholder to its type and reuses the number of a repeated name', () => {
    const p = new Map<string, BindParam>([
      ['d', { type: 'date', value: '2024-01-01' }],
      ['u', { type: 'user_id', value: '3' }],
    ]);
    expect(bind('SELECT :d, :u, :d::text', p).text).toBe('SELECT $1::date, $2::bigint, $1::date::text');
  });

  it('fails on a marker without a value', () => {
    expect(() => bind('SELECT :nope', params())).toThrow(':nope has no value');
  });
});

/*
 * Injection attempts. Values are never in the text, so a hostile value can only ever be a value;
 * and markers inside literals stay literal text, so a crafted report cannot smuggle a value
 * into a position where it becomes code. Each row: report SQL, hostile value, the single statement
 * the database receives.
 */
const INJECTIONS: [string, string, string, string][] = [
  [
    'dollar-quote break-out in value',
    'SELECT $$x$$ || :a',
    '$$; DROP TABLE users; --',
    'SELECT $$x$$ || $1::text',
  ],
  ['marker inside a dollar quote', 'SELECT $$ :a $$', "'; DROP TABLE users; --", 'SELECT $$ :a $$'],
  ['marker inside a tagged dollar quote', 'SELECT $t$ $$ :a $$ $t$', 'x', 'SELECT $t$ $$ :a $$ $t$'],
  ['comment trick in value', 'SELECT :a -- end', '*/; DROP TABLE users; /*', 'SELECT $1::text -- end'],
  ['marker in a nested comment', 'SELECT 1 /* /* :a */ :a */', 'x', 'SELECT 1 /* /* :a */ :a */'],
  [
    "E'\\'' escape keeps the marker quoted",
    "SELECT E'\\' :a'",
    "'); DROP TABLE users; --",
    "SELECT E'\\' :a'",
  ],
  ["standard string '' then marker", "SELECT 'it''s :a'", 'x', "SELECT 'it''s :a'"],
  ['quoted identifier', 'SELECT 1 AS ":a"', 'x', 'SELECT 1 AS ":a"'],
  ['multi-statement value', 'SELECT :a', '1; DROP TABLE users', 'SELECT $1::text'],
  [
    '; DROP in value',
    'SELECT * FROM t WHERE name = :a',
    "x'; DROP TABLE users; --",
    'SELECT * FROM t WHERE name = $1::text',
  ],
  ['backslash quote value', 'SELECT :a', "\\'; DROP TABLE users; --", 'SELECT $1::text'],
];

describe('injection attempts', () => {
  it.each(INJECTIONS)('%s', (_label, sql, value, expected) => {
    const bound = bind(sql, new Map([['a', { type: 'string' as const, value }]]));
    expect(bound.text).toBe(expected);
    expect(bound.text).not.toContain('DROP');
    expect(statementCount(bound.text)).toBe(1);
  });

  it('counts statements by code semicolons only', () => {
    expect(statementCount('SELECT 1;')).toBe(1);
    expect(statementCount("SELECT ';' ; -- ; \n")).toBe(1);
    expect(statementCount('SELECT $$;$$; DROP TABLE users')).toBe(2);
    expect(statementCount('SELECT 1 /* ; */; /* x */')).toBe(1);
    expect(statementCount("SELECT E'\\';'; DROP TABLE users")).toBe(2);
  });
});
