import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { updateUser } from './commands/update-user.js';
import { LOCK_AFTER } from './login-failures.js';

const testDb = setupTestDatabase();
let t: TestApp;
let adminCookie: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  adminCookie = (await t.loginAs('admin', { email: 'Root@Example.org' })).cookie;
});
afterAll(() => t.close());

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith('parley_session='));
  if (!header) throw new Error('no session cookie set');
  return header.split(';')[0]!;
}

describe('sign-in', () => {
  it('signs in case-insensitively, sets an HttpOnly SameSite cookie and answers /api/me', async () => {
    await t.loginAs('auditor', { email: 'Ana@Example.org', name: 'Ana' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: '  ana@EXAMPLE.org ', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({
      user: { email: 'Ana@Example.org', role: 'auditor' },
      areas: ['conversations'],
    });
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/);

    const cookie = sessionCookie(login.headers['set-cookie']);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json().user.last_login_at).not.toBeNull();

    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('gives one generic message for unknown e-mail, wrong password and disabled account', async () => {
    const { user } = await t.loginAs('moderator', { email: 'off@example.org' });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: adminCookie },
      payload: { disabled: true },
    });
    const attempts = [
      { email: 'nobody@example.org', password: TEST_PASSWORD },
      { email: 'ana@example.org', password: 'wrong password!' },
      { email: 'off@example.org', password: TEST_PASSWORD },
    ];
    const bodies = [];
    for (const payload of attempts) {
      const reply = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(reply.statusCode).toBe(401);
      bodies.push(reply.json());
    }
    expect(bodies[0]).toEqual({
      error: { code: 'invalid_credentials', message: 'Wrong e-mail or password.' },
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('names the field of a malformed request in the one error shape', async () => {
    const reply = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x' } });
    expect(reply.statusCode).toBe(400);
    const body = reply.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('password');
    expect(body.error.details[0].path).toBe('body');
  });
});

describe('own password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const { user, cookie } = await t.loginAs('auditor');
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const otherCookie = sessionCookie(other.headers['set-cookie']);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie },
      payload: { current_password: 'not it at all', new_password: 'a new password 123' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('wrong_password');

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie },
      payload: { current_password: TEST_PASSWORD, new_password: 'a new password 123' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: otherCookie } })).statusCode,
    ).toBe(401);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'a new password 123' },
    });
    expect(relogin.statusCode).toBe(200);
  });
});

describe('per-account limit', () => {
  const failures = async (key: string) =>
    (
      await testDb.db
        .selectFrom('login_failures')
        .select('failures')
        .where('email_key', '=', key)
        .executeTakeFirst()
    )?.failures ?? 0;

  it('counts a wrong current password against the account and slows the next guesses', async () => {
    const { cookie } = await t.loginAs('auditor', { email: 'Guesser@Example.org' });
    const change = (current: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: { cookie },
        payload: { current_password: current, new_password: 'a new password 456' },
      });
    expect((await change('not it')).statusCode).toBe(400);
    expect(await failures('guesser@example.org')).toBe(1);
    // Four more failures (sign-in or password change alike): the sixth guess waits a second.
    await testDb.db
      .updateTable('login_failures')
      .set({ failures: 5 })
      .where('email_key', '=', 'guesser@example.org')
      .execute();
    const started = Date.now();
    expect((await change('still not it')).json().error.code).toBe('wrong_password');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(await failures('guesser@example.org')).toBe(6);
    expect((await change(TEST_PASSWORD)).statusCode).toBe(204);
    expect(await failures('guesser@example.org')).toBe(0);
  });

  it('refuses sign-in and password change on a locked account with 429, the password unchecked', async () => {
    const { cookie } = await t.loginAs('auditor', { email: 'locked@example.org' });
    await testDb.db
      .insertInto('login_failures')
      .values({ email_key: 'locked@example.org', failures: LOCK_AFTER, last_failed_at: new Date() })
      .execute();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.7.7.7',
      payload: { email: 'Locked@example.org', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(429);
    expect(login.json().error).toMatchObject({ code: 'too_many_attempts' });
    expect(login.json().error.message).toMatch(/try again in 15 minutes/);
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie },
      payload: { current_password: TEST_PASSWORD, new_password: 'a new password 789' },
    });
    expect(change.statusCode).toBe(429);
    expect(change.json().error.code).toBe('too_many_attempts');
  });
});

describe('user administration', () => {
  it('creates, lists and updates users; duplicate e-mails (any case) are a 409', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: adminCookie },
      payload: { email: 'Maria@Example.org', name: 'Maria', role: 'moderator', password: 'long enough pw' },
    });
    expect(created.statusCode).toBe(201);
    const maria = created.json();
    expect(maria).toMatchObject({
      email: 'Maria@Example.org',
      role: 'moderator',
      disabled: false,
      last_login_at: null,
    });
    expect(maria).not.toHaveProperty('password_hash');

    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: adminCookie },
      payload: { email: 'maria@example.ORG', role: 'auditor', password: 'long enough pw' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('email_taken');

    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: adminCookie } });
    expect(list.json().users.map((u: { email: string }) => u.email)).toContain('Maria@Example.org');

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${maria.id}`,
      headers: { cookie: adminCookie },
      payload: { role: 'auditor', name: 'Maria S.' },
    });
    expect(patched.json()).toMatchObject({ role: 'auditor', name: 'Maria S.' });

    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/999999',
      headers: { cookie: adminCookie },
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
  });

  it('rejects a short password and an unknown role naming the field', async () => {
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: adminCookie },
      payload: { email: 'x@example.org', role: 'boss', password: 'short' },
    });
    expect(reply.statusCode).toBe(400);
    const paths = reply.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('body/password');
    expect(paths.some((p: string) => p.startsWith('body/role'))).toBe(true);
  });

  it('disabling a user ends their sessions at once', async () => {
    const { user, cookie } = await t.loginAs('auditor');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: adminCookie },
      payload: { disabled: true },
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('never demotes or disables the last enabled admin, even when two admins try at once', async () => {
    const db = testDb.db;
    await db.updateTable('users').set({ disabled: true }).where('role', '=', 'admin').execute();
    const a = await t.loginAs('admin');
    const b = await t.loginAs('admin');
    // Each demotes the other at the same moment: exactly one may win.
    const outcomes = await Promise.allSettled([
      updateUser(db, b.user.id, { role: 'auditor' }, new Date()),
      updateUser(db, a.user.id, { disabled: true }, new Date()),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({
      kind: 'conflict',
      code: 'last_admin',
    });
    const admins = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', false)
      .execute();
    expect(admins).toHaveLength(1);
    await db.updateTable('users').set({ disabled: false }).where('email', '=', 'Root@Example.org').execute();
  });
});
