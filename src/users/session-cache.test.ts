import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import type { UserRow } from '../db/rows.js';
import { SessionCache, type SessionRecord } from './session-cache.js';

// Two apps with a cache each stand for two Parley processes on one database.
const testDb = setupTestDatabase();
let cacheA: SessionCache;
let cacheB: SessionCache;
let a: TestApp;
let b: TestApp;
let adminCookie: string;

beforeAll(async () => {
  cacheA = await SessionCache.start(testDb.url);
  cacheB = await SessionCache.start(testDb.url);
  a = await buildTestApp(testDb.db, { sessions: cacheA });
  b = await buildTestApp(testDb.db, { sessions: cacheB });
  adminCookie = (await a.loginAs('admin')).cookie;
});
afterAll(async () => {
  await a.close();
  await b.close();
  await cacheA.stop();
  await cacheB.stop();
});

const me = async (app: TestApp, cookie: string) => {
  const reply = await app.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  return { status: reply.statusCode, role: reply.statusCode === 200 ? reply.json().user.role : null };
};

/** Polls until `check` holds (a notification travels through PostgreSQL), failing after 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Signs in a fresh auditor and has both processes look its session up twice (cached after the first). */
async function cachedInBoth(): Promise<{ user: UserRow; cookie: string }> {
  const session = await a.loginAs('auditor');
  for (const [app, cache] of [
    [a, cacheA],
    [b, cacheB],
  ] as const) {
    expect((await me(app, session.cookie)).status).toBe(200);
    const hits = cache.hits;
    expect((await me(app, session.cookie)).status).toBe(200);
    expect(cache.hits).toBe(hits + 1);
  }
  return session;
}

describe('session cache', () => {
  it('answers a repeated lookup from memory, and says so on /metrics', async () => {
    await cachedInBoth();
    const metrics = await a.app.inject({ method: 'GET', url: '/metrics', headers: { cookie: adminCookie } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain(`parley_session_lookups_total{source="cache"} ${cacheA.hits}`);
    expect(metrics.body).toMatch(/parley_session_lookups_total\{source="database"\} [1-9]/);
    expect(metrics.body).toContain('parley_session_cache_listening 1');
  });

  it('ends a signed-out session at once in its process and, by notification, in the other', async () => {
    const { cookie } = await cachedInBoth();
    const logout = await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    expect((await me(a, cookie)).status).toBe(401);
    await eventually(async () => (await me(b, cookie)).status === 401);
  });

  it('drops a user disabled through the API or changed straight in the database', async () => {
    const disabled = await cachedInBoth();
    const patch = await a.app.inject({
      method: 'PATCH',
      url: `/api/users/${disabled.user.id}`,
      headers: { cookie: adminCookie },
      payload: { disabled: true },
    });
    expect(patch.statusCode).toBe(200);
    expect((await me(a, disabled.cookie)).status).toBe(401);
    await eventually(async () => (await me(b, disabled.cookie)).status === 401);

    // Another process (the CLI, say) changes a role: both caches hear of it.
    const promoted = await cachedInBoth();
    await sql`update users set role = 'moderator' where id = ${promoted.user.id}`.execute(testDb.db);
    await eventually(async () => (await me(a, promoted.cookie)).role === 'moderator');
    await eventually(async () => (await me(b, promoted.cookie)).role === 'moderator');
  });

  it('keeps nothing while its listening connection is down, and listens again', async () => {
    const cache = await SessionCache.start(testDb.url, { retryMs: 300 });
    const app = await buildTestApp(testDb.db, { sessions: cache });
    try {
      const { cookie } = await app.loginAs('auditor');
      await me(app, cookie);
      await me(app, cookie);
      expect(cache.hits).toBe(1);

      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where application_name = 'parley-sessions' and datname = current_database()
                   and pid <> pg_backend_pid()`.execute(testDb.db);
      await eventually(async () => !cache.active);
      // The session ends without a notification anyone hears: nothing cached answers for it.
      await sql`alter table sessions disable trigger sessions_ended`.execute(testDb.db);
      try {
        const token = cookie.split('=')[1]!;
        await sql`delete from sessions where token_hash = encode(sha256(${token}::bytea), 'hex')`.execute(
          testDb.db,
        );
        expect((await me(app, cookie)).status).toBe(401);
      } finally {
        await sql`alter table sessions enable trigger sessions_ended`.execute(testDb.db);
      }
      await eventually(async () => cache.active);
    } finally {
      await app.close();
      await cache.stop();
    }
    // The shared caches were cut off too; they are back.
    await eventually(async () => cacheA.active && cacheB.active);
  });

  it('does not keep a lookup that was under way when a change arrived, nor one past its time', async () => {
    const cache = await SessionCache.start(testDb.url, { ttlMs: 50 });
    try {
      expect(cache.active).toBe(true);
      const record = { id: 1, role: 'auditor' } as SessionRecord;
      const ticket = cache.ticket();
      cache.forgetUser(2);
      cache.store('hash-1', record, ticket);
      expect(cache.get('hash-1')).toBeUndefined();

      cache.store('hash-1', record, cache.ticket());
      expect(cache.get('hash-1')).toBe(record);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(cache.get('hash-1')).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });
});
