import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PASSWORD, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';

/**
 * The client address behind the per-address sign-in limit: the socket's unless TRUST_PROXY says
 * which peers may name another in X-Forwarded-For.
 */
const testDb = setupTestDatabase();
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((a) => a.close())));

async function appWith(env: Record<string, string>): Promise<TestApp> {
  const app = await buildTestApp(testDb.db, { config: testConfig(env) });
  apps.push(app);
  return app;
}

let seq = 0;
/** 25 failed sign-ins from one socket address, each claiming another client address. */
async function spoofedLogins(t: TestApp, remoteAddress: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': `198.51.100.${++seq % 250}` },
      payload: { email: `nobody${seq}@example.org`, password: 'whatever' },
    });
    statuses.push(reply.statusCode);
  }
  return statuses;
}

async function sessionIp(t: TestApp, remoteAddress: string, forwardedFor: string): Promise<string | null> {
  const { user } = await t.loginAs('auditor');
  const reply = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  expect(reply.statusCode).toBe(200);
  const session = await testDb.db
    .selectFrom('sessions')
    .select('ip')
    .where('user_id', '=', user.id)
    .where('ip', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return session.ip;
}

describe('TRUST_PROXY', () => {
  it('off (the default): X-Forwarded-For is ignored, spoofing it does not escape the limit', async () => {
    const t = await appWith({});
    const statuses = await spoofedLogins(t, '10.1.1.1');
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(await sessionIp(t, '10.1.1.2', '203.0.113.7')).toBe('10.1.1.2');
  });

  it('a hop count: the address the proxy forwards is the client', async () => {
    const t = await appWith({ TRUST_PROXY: '1' });
    const statuses = await spoofedLogins(t, '10.2.2.2');
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(await sessionIp(t, '10.2.2.2', '203.0.113.7')).toBe('203.0.113.7');
    // Only one hop is trusted: what the client itself wrote before the proxy's entry is not.
    expect(await sessionIp(t, '10.2.2.2', '192.0.2.1, 203.0.113.8')).toBe('203.0.113.8');
  });

  it('a list of proxies: only those peers may name the client', async () => {
    const t = await appWith({ TRUST_PROXY: '10.3.0.0/16' });
    expect(await sessionIp(t, '10.3.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(await sessionIp(t, '10.4.0.1', '203.0.113.9')).toBe('10.4.0.1');
    const statuses = await spoofedLogins(t, '10.4.0.1');
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });
});
