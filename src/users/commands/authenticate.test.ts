import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { authenticate, throttleDelayMs } from './authenticate.js';
import { createUser } from './create-user.js';

const testDb = setupTestDatabase();

describe('throttleDelayMs', () => {
  it('lets five attempts through, then waits one more second per failure up to ten', () => {
    expect([0, 4, 5, 6, 9, 14, 100].map(throttleDelayMs)).toEqual([0, 0, 1000, 2000, 5000, 10_000, 10_000]);
  });
});

describe('authenticate', () => {
  it('slows repeated failures on an e-mail and forgets them after a success', async () => {
    await createUser(testDb.db, { email: 'slow@example.org', role: 'auditor', password: TEST_PASSWORD });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < 7; i++) {
      const user = await authenticate(testDb.db, 'SLOW@example.org', 'nope nope nope', { now: start, sleep });
      expect(user).toBeNull();
    }
    expect(waits).toEqual([1000, 2000]);

    const ok = await authenticate(testDb.db, 'slow@example.org', TEST_PASSWORD, { now: start, sleep });
    expect(ok?.email).toBe('slow@example.org');
    expect(waits).toEqual([1000, 2000, 3000]);
    await authenticate(testDb.db, 'slow@example.org', TEST_PASSWORD, { now: start, sleep });
    expect(waits).toHaveLength(3);
  });

  it('counts only failures within the last 15 minutes', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const t0 = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await authenticate(testDb.db, 'ghost@example.org', 'x', { now: t0, sleep });
    const later = new Date(t0.getTime() + 16 * 60_000);
    await authenticate(testDb.db, 'ghost@example.org', 'x', { now: later, sleep });
    expect(waits).toEqual([]);
  });
});
