import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findInputProblem } from './input-guard.js';

const pathOf = (value: unknown) => findInputProblem(value)?.path ?? null;

describe('findInputProblem', () => {
  it('finds an infinite number anywhere in plain data', () => {
    expect(findInputProblem(Infinity)).toMatchObject({ path: '', message: 'must be a finite number' });
    expect(pathOf({ id: 1, list: [1, { deep: -Infinity }] })).toBe('/list/1/deep');
    expect(pathOf(JSON.parse('{"bundle": {"n": 1e400}}'))).toBe('/bundle/n');
    expect(pathOf(Object.assign(Object.create(null), { id: Infinity }))).toBe('/id');
    class NullObject {}
    Object.setPrototypeOf(NullObject.prototype, null);
    expect(pathOf(Object.assign(new NullObject(), { id: Infinity }))).toBe('/id');
  });

  it('finds text PostgreSQL cannot hold: NUL, unpaired surrogates, in values and keys', () => {
    expect(findInputProblem({ name: 'a\u0000b' })).toMatchObject({ path: '/name', keyword: 'pattern' });
    expect(pathOf(JSON.parse('{"bundle": ["ok", "\\ud800"]}'))).toBe('/bundle/1');
    expect(pathOf(JSON.parse('["\\udc00x"]'))).toBe('/0');
    expect(findInputProblem({ scores: { 'a\u0000': true } })).toMatchObject({ path: '/scores' });
  });

  it('passes what can be stored, and does not look into streams', () => {
    expect(findInputProblem({ a: [1, 2.5, -3, '1e400', null, true], b: { c: Number.MAX_VALUE } })).toBeNull();
    expect(findInputProblem({ emoji: '😀 ação', pair: '\ud83d\ude00' })).toBeNull();
    expect(findInputProblem(undefined)).toBeNull();
    expect(findInputProblem(Object.assign(new PassThrough(), { weird: Infinity }))).toBeNull();
  });

  it('walks nesting thousands deep without recursion', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}1e400${']'.repeat(depth)}`;
    expect(pathOf(JSON.parse(text))).toBe('/0'.repeat(depth));
  });
});
