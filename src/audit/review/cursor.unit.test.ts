import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Audits page cursors', () => {
  it('round-trip the sort, key and id', () => {
    const cursor = { sort: 'created_at', order: 'desc', key: '2026-12-05T14:50:32.123456Z', id: 7 } as const;
    expect(decodeCursor(encodeCursor(cursor), 'created_at', 'desc')).toEqual(cursor);
    const score = { sort: 'score', order: 'asc', key: 0.33333334, id: 9 } as const;
    expect(decodeCursor(encodeCursor(score), 'score', 'asc')).toEqual(score);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['another sort', raw(['score', 'desc', 0.5, 1])],
    ['another order', raw(['created_at', 'asc', '2026-12-05T14:50:32.123456Z', 1])],
    ['an impossible date', raw(['created_at', 'desc', '2026-02-30T10:00:00.000000Z', 1])],
    ['year zero', raw(['created_at', 'desc', '0000-01-01T00:00:00.000000Z', 1])],
    ['a date without microseconds', raw(['created_at', 'desc', '2026-12-05T14:50:32Z', 1])],
    ['a bad id', raw(['created_at', 'desc', '2026-12-05T14:50:32.123456Z', 0])],
    ['a wrong shape', raw({ sort: 'created_at' })],
  ])('refuses %s as 400 naming the cursor', (_what, text) => {
    expect(() => decodeCursor(text, 'created_at', 'desc')).toThrow(
      expect.objectContaining({ code: 'bad_cursor', details: { field: 'cursor' } }),
    );
  });

  it('refuses a score outside 0..1', () => {
    for (const key of [1e308, -1, 2]) {
      expect(() => decodeCursor(raw(['score', 'desc', key, 1]), 'score', 'desc')).toThrow(
        expect.objectContaining({ code: 'bad_cursor' }),
      );
    }
  });
});
