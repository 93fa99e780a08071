import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nonFinitePath } from './finite-numbers.js';

describe('nonFinitePath', () => {
  it('finds an infinite number anywhere in plain data', () => {
    expect(nonFinitePath(Infinity)).toBe('');
    expect(nonFinitePath({ id: 1, list: [1, { deep: -Infinity }] })).toBe('/list/1/deep');
    expect(nonFinitePath(JSON.parse('{"bundle": {"n": 1e400}}'))).toBe('/bundle/n');
    expect(nonFinitePath(Object.assign(Object.create(null), { id: Infinity }))).toBe('/id');
    class NullObject {}
    Object.setPrototypeOf(NullObject.prototype, null);
    expect(nonFinitePath(Object.assign(new NullObject(), { id: Infinity }))).toBe('/id');
  });

  it('passes finite data, and does not look into streams', () => {
    expect(nonFinitePath({ a: [1, 2.5, -3, '1e400', null, true], b: { c: Number.MAX_VALUE } })).toBeNull();
    expect(nonFinitePath(undefined)).toBeNull();
    expect(nonFinitePath(Object.assign(new PassThrough(), { weird: Infinity }))).toBeNull();
  });

  it('walks nesting thousands deep without recursion', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}1e400${']'.repeat(depth)}`;
    expect(nonFinitePath(JSON.parse(text))).toBe('/0'.repeat(depth));
  });
});
