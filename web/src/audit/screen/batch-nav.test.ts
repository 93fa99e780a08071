import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../../../common/api/audit.js';
import { neighbour, nextUnaudited } from './batch-nav.js';

const item = (conversation_id: number, audited: boolean): BatchItem => ({
  conversation_id,
  campaign: { id: 1, title: 'C' },
  texter: null,
  last_message_at: '2026-01-01T00:00:00Z',
  message_count: 2,
  calibration: false,
  audited_at: audited ? '2026-01-02T00:00:00Z' : null,
});

describe('batch navigation', () => {
  const items = [item(1, true), item(2, false), item(3, true), item(4, false)];

  it('finds the next unaudited conversation, wrapping around', () => {
    expect(nextUnaudited(items, null)).toBe(2);
    expect(nextUnaudited(items, 2)).toBe(4);
    expect(nextUnaudited(items, 4)).toBe(2);
    expect(nextUnaudited([item(1, true), item(2, false)], 2)).toBeNull();
    expect(nextUnaudited([], null)).toBeNull();
  });

  it('moves one step without wrapping', () => {
    expect(neighbour(items, 1, -1)).toBeNull();
    expect(neighbour(items, 1, 1)).toBe(2);
    expect(neighbour(items, 4, 1)).toBeNull();
    expect(neighbour(items, 99, 1)).toBeNull();
  });
});
