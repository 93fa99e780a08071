import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../../test/harness/app.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { LOCK_AFTER, throttleDelayMs } from '../login-failures.js';
import { authenticate } from './authenticate.js';
import { changeOwnPassword } from './change-password.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';

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

  it('counts parallel failures on one account one by one, each held back by those before it', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => authenticate(testDb.db, 'crowd@example.org', 'guess', { now, sleep })),
    );
    expect(results.every((user) => user === null)).toBe(true);
    const row = await testDb.db
      .selectFrom('login_failures')
      .select('failures')
      .where('email_key', '=', 'crowd@example.org')
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(30);
    // Attempts 6 to 30 each waited for the failures before them: 1 s, 2 s … then 10 s.
    expect(waits.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => throttleDelayMs(i + 5)));
  });

  it('refuses attempts past the limit without checking the password, until the window has passed', async () => {
    await createUser(testDb.db, { email: 'locked@example.org', role: 'auditor', password: TEST_PASSWORD });
    const sleep = async () => {};
    const t0 = new Date('2026-02-01T10:00:00Z');
    for (let i = 0; i < LOCK_AFTER; i++) {
      await authenticate(testDb.db, 'locked@example.org', 'guess', { now: t0, sleep });
    }
    const tenMinutes = new Date(t0.getTime() + 10 * 60_000);
    const refused = authenticate(testDb.db, 'locked@example.org', TEST_PASSWORD, { now: tenMinutes, sleep });
    await expect(refused).rejects.toMatchObject({ kind: 'too_many', code: 'too_many_attempts' });
    await expect(refused).rejects.toThrow('try again in 5 minutes');
    // Refused attempts do not extend the lock: it ends 15 minutes after the last checked one.
    const later = new Date(t0.getTime() + 16 * 60_000);
    const ok = await authenticate(testDb.db, 'locked@example.org', TEST_PASSWORD, { now: later, sleep });
    expect(ok?.email).toBe('locked@example.org');
  });

  it('an admin setting a new password lifts the lock', async () => {
    const user = await createUser(testDb.db, {
      email: 'reset@example.org',
      role: 'auditor',
      password: TEST_PASSWORD,
    });
    const sleep = async () => {};
    const now = new Date();
    for (let i = 0; i <= LOCK_AFTER; i++) {
      await authenticate(testDb.db, 'reset@example.org', 'guess', { now, sleep }).catch(() => null);
    }
    await expect(
      authenticate(testDb.db, 'reset@example.org', TEST_PASSWORD, { now, sleep }),
    ).rejects.toMatchObject({ code: 'too_many_attempts' });
    await updateUser(testDb.db, user.id, { password: 'a brand new password' }, now);
    const ok = await authenticate(testDb.db, 'reset@example.org', 'a brand new password', { now, sleep });
    expect(ok?.id).toBe(user.id);
  });
});

describe('changeOwnPassword', () => {
  it('counts a wrong current password against the account, slowed and locked like a sign-in', async () => {
    const user = await createUser(testDb.db, {
      email: 'Own@Example.org',
      role: 'auditor',
      password: TEST_PASSWORD,
    });
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const now = new Date();
    const change = (currentPassword: string) =>
      changeOwnPassword(testDb.db, {
        userId: user.id,
        currentPassword,
        newPassword: 'another password 1',
        keepSessionToken: '',
        now,
        sleep,
      });
    for (let i = 0; i < 3; i++)
      await expect(change('wrong one')).rejects.toMatchObject({ code: 'wrong_password' });
    // Sign-in failures and password-change failures share the account's count.
    for (let i = 0; i < 3; i++) await authenticate(testDb.db, 'own@example.org', 'nope', { now, sleep });
    await expect(change('wrong one')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(waits).toEqual([1000, 2000]);
    const row = await testDb.db
      .selectFrom('login_failures')
      .select('failures')
      .where('email_key', '=', 'own@example.org')
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(7);
    await testDb.db
      .updateTable('login_failures')
      .set({ failures: LOCK_AFTER })
      .where('email_key', '=', 'own@example.org')
      .execute();
    await expect(change(TEST_PASSWORD)).rejects.toMatchObject({ code: 'too_many_attempts' });
  });
});
