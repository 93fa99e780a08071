import { describe, expect, it } from 'vitest';
import { renderProgress } from './progress-bar.js';

describe('progress line', () => {
  it('draws a bar when the total is known, a count otherwise', () => {
    expect(renderProgress({ phase: 'reading message', done: 500, total: 1000, unit: 'rows' })).toBe(
      `reading message [${'█'.repeat(15)}${'░'.repeat(15)}] 50% 500 / 1,000`,
    );
    expect(renderProgress({ phase: 'copying a.csv', done: 3 * 2 ** 20, total: null, unit: 'bytes' })).toBe(
      'copying a.csv … 3.0 MiB',
    );
    expect(renderProgress({ phase: 'merging', done: 0, total: null, unit: 'rows' })).toBe('merging …');
  });
});
