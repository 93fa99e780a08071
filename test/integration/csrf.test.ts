import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../harness/app.js';
import { demoBotId } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';

/**
 * Cross-site request forgery: a page of another site makes the browser of a signed-in admin send a
 * request, with the session cookie. Every state-changing route (the whole route table but
 * GET/HEAD/OPTIONS) must refuse it with 403 `cross_site_request` and change nothing.
 */
const testDb = setupTestDatabase();
let t: TestApp;
let admin: { user: { id: number }; cookie: string };
let botId: number;
let importId: number;
/** This site, as the test app's PUBLIC_URL (the default) says. */
const SITE = 'http://localhost:3000';
const EVIL = 'http://evil.example';

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = await t.loginAs('admin');
  botId = await demoBotId(testDb.db);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: { cookie: admin.cookie, origin: SITE },
    payload: {},
  });
  expect(created.statusCode).toBe(201);
  importId = created.json().id;
  const uploaded = await t.app.inject({
    method: 'PUT',
    url: `/api/imports/${importId}/files/contacts.csv`,
    headers: { cookie: admin.cookie, origin: SITE, 'content-type': 'text/csv' },
    payload: 'campaignId,cell\n1,+15555550100\n',
  });
  expect(uploaded.statusCode).toBeLessThan(300);
});
afterAll(() => t.close());

function concrete(url: string): string {
  const id = url.startsWith('/api/bots/') ? botId : url.startsWith('/api/users/') ? admin.user.id : importId;
  return url
    .replace(':id', String(id))
    .replace(':number', '1')
    .replace(':name', 'contacts.csv')
    .replace(/\*$/, 'x');
}

function stateChanging() {
  const routes = t.routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  // The walk must cover the table, whatever is added to it later.
  expect(routes.length).toBeGreaterThan(15);
  expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
    expect.arrayContaining(['POST /api/auth/login', 'POST /api/bots/:id/revisions/:number/revert']),
  );
  return routes;
}

/** A fingerprint of every table's content: any insert, update or delete changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(testDb.db);
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ sum: string }>`
      select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum
        from ${sql.table(name)} t`.execute(testDb.db);
    result[name] = rows[0]?.sum ?? '';
  }
  return result;
}

describe('cross-site requests', () => {
  it.each([
    ['a foreign Origin', { origin: EVIL, 'content-type': 'application/json' }, '{}'],
    [
      'Sec-Fetch-Site: cross-site and a text/plain body',
      { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      '{}',
    ],
    [
      'a foreign Referer and no Origin',
      { referer: `${EVIL}/page`, 'content-type': 'application/json' },
      '{}',
    ],
    ['Origin: null (a sandboxed page)', { origin: 'null', 'content-type': 'application/json' }, '{}'],
    [
      'Sec-Fetch-Site: same-site',
      { 'sec-fetch-site': 'same-site', origin: SITE, 'content-type': 'application/json' },
      '{}',
    ],
  ])(
    'refuses every state-changing route, as a signed-in admin, with %s: 403 and nothing changed',
    async (_, headers, payload) => {
      const before = await fingerprint();
      const failures: string[] = [];
      for (const route of stateChanging()) {
        const reply = await t.app.inject({
          method: route.method as 'POST',
          url: concrete(route.url),
          headers: { cookie: admin.cookie, ...headers },
          payload,
        });
        const code = reply.statusCode === 403 ? reply.json().error.code : null;
        if (code !== 'cross_site_request')
          failures.push(`${route.method} ${route.url} → ${reply.statusCode}`);
      }
      expect(failures).toEqual([]);
      expect(await fingerprint()).toEqual(before);
      // The session still works: signing out was refused too.
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: admin.cookie } })).statusCode,
      ).toBe(200);
    },
  );

  it('lets the same routes through from this site (so the refusals above are the guard’s)', async () => {
    for (const route of stateChanging()) {
      if (route.url === '/api/auth/logout') continue;
      const reply = await t.app.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        headers: { cookie: admin.cookie, origin: SITE, 'sec-fetch-site': 'same-origin' },
        payload: {},
      });
      const code = reply.statusCode === 403 ? reply.json().error.code : null;
      expect(code, `${route.method} ${route.url}`).not.toBe('cross_site_request');
    }
  });

  it('the forged revert of the report: refused; from this site or a non-browser client it works', async () => {
    const revert = `/api/bots/${botId}/revisions/1/revert`;
    const revisions = async () =>
      Number(
        (
          await testDb.db
            .selectFrom('bot_revisions')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const start = await revisions();
    const forged = await t.app.inject({
      method: 'POST',
      url: revert,
      headers: { cookie: admin.cookie, origin: EVIL, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toEqual({
      error: {
        code: 'cross_site_request',
        message: expect.stringContaining(`Origin is ${EVIL}, this site is ${SITE}`),
      },
    });
    expect(await revisions()).toBe(start);

    // text/plain is no longer parsed at all, even without the browser's headers.
    const plain = await t.app.inject({
      method: 'POST',
      url: revert,
      headers: { cookie: admin.cookie, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(plain.statusCode).toBe(415);
    expect(await revisions()).toBe(start);

    const ours = await t.app.inject({
      method: 'POST',
      url: revert,
      headers: { cookie: admin.cookie, origin: SITE, 'sec-fetch-site': 'same-origin' },
    });
    expect(ours.statusCode).toBe(201);
    // The server listens on loopback: its other loopback names are the same site.
    const loopback = await t.app.inject({
      method: 'POST',
      url: revert,
      headers: { cookie: admin.cookie, origin: 'http://127.0.0.1:3000' },
    });
    expect(loopback.statusCode).toBe(201);
    const otherPort = await t.app.inject({
      method: 'POST',
      url: revert,
      headers: { cookie: admin.cookie, origin: 'http://127.0.0.1:3001' },
    });
    expect(otherPort.statusCode).toBe(403);
    // curl and scripts send none of Origin, Referer or Sec-Fetch-Site.
    const cli = await t.app.inject({ method: 'POST', url: revert, headers: { cookie: admin.cookie } });
    expect(cli.statusCode).toBe(201);
    expect(await revisions()).toBe(start + 3);
  });

  it('leaves reads alone, whatever site asks', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: admin.cookie, origin: EVIL, 'sec-fetch-site': 'cross-site' },
    });
    expect(reply.statusCode).toBe(200);
  });
});
