import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart, listQuery, readSearch, writeSearch } from './search.js';

describe('the Audits page address', () => {
  it('round-trips filters and sort through the address', () => {
    const search = readSearch(
      new URLSearchParams(
        'from=2026-11-01&to=2026-11-30&texter=7&texter_name=Ana&result=failed&item=tone&sort=lowest',
      ),
    );
    expect(search).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      texter: { id: 7, name: 'Ana' },
      campaign: null,
      result: 'failed',
      item: 'tone',
      sort: 'lowest',
    });
    expect(readSearch(writeSearch(search))).toEqual(search);
  });

  it('ignores what it does not understand', () => {
    expect(readSearch(new URLSearchParams('from=yesterday&texter=x&result=maybe&sort=name'))).toMatchObject({
      from: '',
      texter: null,
      result: '',
      sort: 'newest',
    });
  });

  it('asks the API for whole days, the end day included', () => {
    const query = listQuery(readSearch(new URLSearchParams('from=2026-11-01&to=2026-11-01&sort=highest')));
    expect(query.get('from')).toBe(dayStart('2026-11-01'));
    expect(query.get('to')).toBe(dayEnd('2026-11-01'));
    expect(new Date(dayEnd('2026-11-01')).getTime() - new Date(dayStart('2026-11-01')).getTime()).toBe(
      86_400_000,
    );
    expect(query.get('sort')).toBe('score');
    expect(query.get('order')).toBe('desc');
  });
});
