import { describe, expect, it } from 'vitest';
import type { RubricItem } from '../../../../common/api/audit.js';
import { moveRow, rowsChanged, serverRubricProblems, toItems, toRows, validateRows } from './rubric-form.js';

const ITEMS: RubricItem[] = [
  { key: 'question', label: 'Survey answers', description: 'Recorded correctly', weight: 1, critical: false },
  { key: 'optout', label: 'Opt-out', description: '', weight: 2, critical: true },
];

describe('rubric form', () => {
  it('round-trips items and notices changes, order included', () => {
    const rows = toRows(ITEMS);
    expect(toItems(rows)).toEqual(ITEMS);
    expect(rowsChanged(rows, ITEMS)).toBe(false);
    expect(rowsChanged(moveRow(rows, 0, 1), ITEMS)).toBe(true);
    expect(rowsChanged([{ ...rows[0]!, label: ' Survey answers ' }, rows[1]!], ITEMS)).toBe(false);
  });

  it('moves rows within bounds only', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('checks keys, labels, weights and the number of items', () => {
    const [a, b] = toRows(ITEMS);
    const problems = validateRows([
      { ...a!, key: 'Bad key', weight: 101 },
      { ...b!, key: 'question', label: '  ' },
      { ...b!, id: 'x', key: 'question' },
    ]);
    expect(problems.rows[a!.id]).toEqual({ key: { code: 'keyPattern' }, weight: { code: 'max', max: 100 } });
    expect(problems.rows[b!.id]).toEqual({ label: { code: 'required' } });
    expect(problems.rows.x).toEqual({ key: { code: 'keyTaken' } });
    expect(validateRows([]).list).toEqual({ code: 'min', min: 1 });
    expect(validateRows(toRows(Array(10).fill(ITEMS[0]))).list).toEqual({ code: 'max', max: 9 });
  });

  it('puts server errors on the rows that were sent', () => {
    const rows = toRows(ITEMS);
    const problems = serverRubricProblems(rows, [
      { path: ['items', '1', 'key'], message: 'used twice' },
      { path: ['items'], message: 'too many' },
    ]);
    expect(problems.rows[rows[1]!.id]).toEqual({ key: { code: 'server', message: 'used twice' } });
    expect(problems.list).toEqual({ code: 'server', message: 'too many' });
  });
});
