import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PASSWORD, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { runQueuedJobs } from '../../test/harness/jobs.js';
import { createUser } from './commands/create-user.js';
import { RESET_REQUEST_LIMITS } from './reset-limits.js';
import { purgeExpiredSessions } from './sessions.js';

/** Invitations, "forgot password" and the account's language, through the HTTP API. */
const testDb = setupTestDatabase();
let t: TestApp;
let admin: { id: number; cookie: string };
const PUBLIC_URL = 'https://parley.example.org';

beforeAll(async () => {
  t = await buildTestApp(testDb.db, { config: testConfig({ PUBLIC_URL }) });
  const signedIn = await t.loginAs('admin', { email: 'boss@example.org', name: 'Bia Boss' });
  admin = { id: signedIn.user.id, cookie: signedIn.cookie };
});
afterAll(() => t.close());

// Every request from its own client address, so the per-address limits of the routes stay out of the way.
let addresses = 0;
const nextAddress = () => `10.1.${(++addresses >> 8) & 255}.${addresses & 255}`;

function post(url: string, payload: object, options: { cookie?: string; ip?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress: options.ip ?? nextAddress(),
    ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
  });
}

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

function cookieOf(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith('parley_session='));
  if (!header) throw new Error('no session cookie set');
  return header.split(';')[0]!;
}

async function login(email: string, password: string) {
  return post('/api/auth/login', { email, password });
}

/** The mails queued to an address, newest first. */
function outbox(address: string) {
  return testDb.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', address)
    .orderBy('id', 'desc')
    .execute();
}

/** The token of the link in the newest mail to `address` of `kind`. */
async function linkToken(address: string, path: 'invite' | 'reset-password'): Promise<string> {
  const [mail] = await outbox(address);
  const match = mail?.text.match(new RegExp(`${PUBLIC_URL}/${path}/([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no ${path} link in the mail to ${address}`);
  return match[1]!;
}

/** "Forgot password" for `email`, and the job that sends the link run. */
async function requestReset(email: string) {
  const reply = await post('/api/auth/password-reset', { email });
  await runQueuedJobs(testDb);
  return reply;
}

function withClock<T>(offsetMs: number, run: () => Promise<T>): Promise<T> {
  const realNow = t.deps.now;
  t.deps.now = () => new Date(Date.now() + offsetMs);
  return run().finally(() => {
    t.deps.now = realNow;
  });
}

async function invite(email: string, fields: { name?: string; language?: 'en' | 'pt-BR' } = {}) {
  const reply = await post('/api/users', { email, role: 'auditor', ...fields }, { cookie: admin.cookie });
  expect(reply.statusCode).toBe(201);
  return reply.json() as { id: number; password_set: boolean; language: string };
}

describe('invitations', () => {
  it('invites by e-mail in the chosen language; the link sets the password once and signs in', async () => {
    const user = await invite('Nova@Example.org', { name: 'Nova', language: 'pt-BR' });
    expect(user).toMatchObject({ password_set: false, language: 'pt-BR' });
    const [mail] = await outbox('Nova@Example.org');
    expect(mail).toMatchObject({ kind: 'invitation', locale: 'pt-BR', secret: true, to_name: 'Nova' });
    expect(mail?.subject).toBe('Bia Boss convidou você para o Parley');
    expect(mail?.text).toContain('72 horas');

    // No password yet: the account answers like any wrong password.
    const refused = await login('nova@example.org', 'anything at all');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('invalid_credentials');

    const token = await linkToken('Nova@Example.org', 'invite');
    const seen = await post('/api/auth/invitation', { token });
    expect(seen.json()).toEqual({ email: 'Nova@Example.org', name: 'Nova', language: 'pt-BR' });

    const short = await post('/api/auth/invitation/accept', { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.map((d: { path: string }) => d.path)).toContain('body/password');

    const accepted = await post('/api/auth/invitation/accept', { token, password: 'my own password 1' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'Nova@Example.org', password_set: true });
    expect((await me(cookieOf(accepted.headers['set-cookie']))).statusCode).toBe(200);

    const again = await post('/api/auth/invitation/accept', { token, password: 'another password 2' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('token_invalid');
    expect((await login('nova@example.org', 'my own password 1')).statusCode).toBe(200);
    expect((await login('nova@example.org', 'another password 2')).statusCode).toBe(401);
  });

  it('a resent invitation ends the earlier link; an accepted one cannot be resent', async () => {
    const user = await invite('twice@example.org');
    const first = await linkToken('twice@example.org', 'invite');
    const resent = await post(`/api/users/${user.id}/invitation`, {}, { cookie: admin.cookie });
    expect(resent.statusCode).toBe(200);
    const second = await linkToken('twice@example.org', 'invite');
    expect(second).not.toBe(first);
    expect((await outbox('twice@example.org')).map((m) => m.locale)).toEqual(['en', 'en']);

    const old = await post('/api/auth/invitation/accept', { token: first, password: 'first password 1' });
    expect(old.json().error.code).toBe('token_invalid');
    const ok = await post('/api/auth/invitation/accept', { token: second, password: 'second password 2' });
    expect(ok.statusCode).toBe(200);
    const late = await post(`/api/users/${user.id}/invitation`, {}, { cookie: admin.cookie });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invitation_accepted');
  });

  it('an invitation link expires after 72 hours', async () => {
    await invite('late@example.org');
    const token = await linkToken('late@example.org', 'invite');
    const hours = (h: number) => h * 3_600_000;
    const expired = await withClock(hours(72) + 1000, () =>
      post('/api/auth/invitation/accept', { token, password: 'a password 123' }),
    );
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('token_expired');
    const inTime = await withClock(hours(71), () => post('/api/auth/invitation', { token }));
    expect(inTime.statusCode).toBe(200);
  });

  it('an admin may still create a user with a password, and no e-mail goes out', async () => {
    const created = await post(
      '/api/users',
      { email: 'direct@example.org', role: 'moderator', password: 'long enough pw' },
      { cookie: admin.cookie },
    );
    expect(created.json()).toMatchObject({ password_set: true, language: 'en' });
    expect(await outbox('direct@example.org')).toEqual([]);
  });
});

describe('forgot password', () => {
  it('sends a one-time link that sets a new password and ends every session of the account', async () => {
    const { user, cookie } = await t.loginAs('moderator', { email: 'Forgetful@Example.org', name: 'Fê' });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie },
      payload: { language: 'pt-BR' },
    });
    const other = cookieOf((await login(user.email, TEST_PASSWORD)).headers['set-cookie']);

    const asked = await requestReset(' forgetful@EXAMPLE.org ');
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ valid_minutes: 60 });
    const [mail] = await outbox('Forgetful@Example.org');
    expect(mail).toMatchObject({ kind: 'password_reset', locale: 'pt-BR', secret: true });
    const token = await linkToken('Forgetful@Example.org', 'reset-password');

    const done = await post('/api/auth/password-reset/complete', { token, password: 'a fresh password 9' });
    expect(done.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, 'a fresh password 9')).statusCode).toBe(200);

    const reused = await post('/api/auth/password-reset/complete', { token, password: 'yet another one 9' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error).toMatchObject({ code: 'token_invalid', details: { field: 'token' } });
  });

  it('a new request ends the earlier link; links expire after an hour; an invite link is no reset link', async () => {
    await createUser(testDb.db, { email: 'again@example.org', role: 'auditor', password: TEST_PASSWORD });
    await requestReset('again@example.org');
    const first = await linkToken('again@example.org', 'reset-password');
    await requestReset('again@example.org');
    const second = await linkToken('again@example.org', 'reset-password');
    const complete = (token: string) =>
      post('/api/auth/password-reset/complete', { token, password: 'new password 123' });
    expect((await complete(first)).json().error.code).toBe('token_invalid');
    const expired = await withClock(60 * 60_000 + 1000, () => complete(second));
    expect(expired.json().error.code).toBe('token_expired');

    await invite('invited@example.org');
    const inviteToken = await linkToken('invited@example.org', 'invite');
    expect((await complete(inviteToken)).json().error.code).toBe('token_invalid');
    expect((await complete(second)).statusCode).toBe(204);
  });

  it('answers an unknown or disabled address exactly as a known one, and writes no link for it', async () => {
    const { user } = await t.loginAs('auditor', { email: 'gone@example.org' });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: admin.cookie },
      payload: { disabled: true },
    });
    await createUser(testDb.db, { email: 'known@example.org', role: 'auditor', password: TEST_PASSWORD });
    const tokensBefore = await testDb.db.selectFrom('user_tokens').select('token_hash').execute();
    const replies = [];
    for (const email of ['known@example.org', 'nobody@example.org', 'gone@example.org']) {
      const reply = await post('/api/auth/password-reset', { email });
      replies.push({ status: reply.statusCode, body: reply.body, type: reply.headers['content-type'] });
    }
    // Nothing that depends on the address happened before the answers (so they take the same time):
    // the job decides afterwards, and writes a link for the known address only.
    const tokensAnswered = await testDb.db.selectFrom('user_tokens').select('token_hash').execute();
    expect(tokensAnswered).toEqual(tokensBefore);
    await runQueuedJobs(testDb);
    expect(replies[1]).toEqual(replies[0]);
    expect(replies[2]).toEqual(replies[0]);
    expect(await outbox('nobody@example.org')).toEqual([]);
    expect(await outbox('gone@example.org')).toEqual([]);
    const tokensAfter = await testDb.db.selectFrom('user_tokens').select('token_hash').execute();
    expect(tokensAfter.length).toBe(tokensBefore.length + 1);
  });

  it('limits requests per e-mail address (known or not) and per client address', async () => {
    for (const email of ['limited@example.org', 'not-a-user@example.org']) {
      for (let i = 0; i < RESET_REQUEST_LIMITS.perEmail; i++) {
        expect((await post('/api/auth/password-reset', { email })).statusCode).toBe(202);
      }
      const refused = await post('/api/auth/password-reset', { email: email.toUpperCase() });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('too_many_reset_requests');
      expect(refused.json().error.message).toMatch(/try again in 60 minutes/);
    }
    const ip = '10.9.9.9';
    for (let i = 0; i < RESET_REQUEST_LIMITS.perIp; i++) {
      const reply = await post('/api/auth/password-reset', { email: `flood-${i}@example.org` }, { ip });
      expect(reply.statusCode).toBe(202);
    }
    const flood = await post('/api/auth/password-reset', { email: 'flood-x@example.org' }, { ip });
    expect(flood.statusCode).toBe(429);
    expect(flood.json().error.code).toBe('too_many_reset_requests');
    // An hour later the window has passed.
    const later = await withClock(61 * 60_000, () =>
      post('/api/auth/password-reset', { email: 'flood-y@example.org' }, { ip }),
    );
    expect(later.statusCode).toBe(202);
  });

  it('names the field of a malformed request', async () => {
    const reply = await post('/api/auth/password-reset/complete', { password: 'long enough pw' });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body' }] });
    expect(reply.json().error.message).toContain('token');
  });
});

describe('language per account', () => {
  it('is returned by /api/me, changed by the user and by an admin, and refused when unknown', async () => {
    const { user, cookie } = await t.loginAs('auditor');
    expect((await me(cookie)).json().user.language).toBe('en');
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie }, payload });
    const changed = await patch({ language: 'pt-BR' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.language).toBe('pt-BR');
    expect((await me(cookie)).json().user.language).toBe('pt-BR');
    const unknown = await patch({ language: 'fr' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toMatch(/^body\/language/);

    const byAdmin = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie: admin.cookie },
      payload: { language: 'en' },
    });
    expect(byAdmin.json().language).toBe('en');
  });
});

describe('purge', () => {
  it('deletes links a day past their expiry and request counts a day old, keeping the rest', async () => {
    await invite('purged@example.org');
    const count = async () => ({
      tokens: (await testDb.db.selectFrom('user_tokens').select('token_hash').execute()).length,
      requests: (await testDb.db.selectFrom('password_reset_requests').select('key').execute()).length,
    });
    const before = await count();
    expect(before.tokens).toBeGreaterThan(0);
    expect(before.requests).toBeGreaterThan(0);
    await purgeExpiredSessions(testDb.db, new Date(Date.now() + 23 * 3_600_000));
    expect(await count()).toEqual(before);
    await purgeExpiredSessions(testDb.db, new Date(Date.now() + 5 * 86_400_000));
    expect(await count()).toEqual({ tokens: 0, requests: 0 });
  });
});
