import { describe, expect, it } from 'vitest';
import { chartShape, idKindOf } from './chart-shape.js';

const col = (name: string, type: 'number' | 'text' | 'date' | 'datetime') => ({ name, type });

describe('chart shape', () => {
  it('follows the result shape', () => {
    expect(chartShape([col('day', 'date'), col('flags', 'number'), col('resolved', 'number')])).toEqual({
      kind: 'line',
      x: 0,
      series: [1, 2],
    });
    expect(chartShape([col('stage', 'text'), col('users', 'number')])).toEqual({
      kind: 'bar',
      x: 0,
      series: [1],
    });
    expect(chartShape([col('a', 'number'), col('b', 'number')])).toEqual({ kind: 'scatter', x: 0, y: 1 });
    expect(chartShape([col('label', 'text'), col('pie', 'number')])).toEqual({
      kind: 'pie',
      label: 0,
      value: 1,
    });
    expect(chartShape([col('label', 'text')])).toEqual({ kind: 'none' });
    expect(chartShape([col('texter_id', 'number'), col('name', 'text')])).toEqual({ kind: 'none' });
  });

  it('knows id columns', () => {
    expect(idKindOf('auditor_user_id')).toBe('user_id');
    expect(idKindOf('texter_id')).toBe('texter_id');
    expect(idKindOf('topic_post_id')).toBe('post_id');
    expect(idKindOf('user_ids')).toBeNull();
  });
});
