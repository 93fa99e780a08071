import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role, roleAllows } from '../../common/roles.js';
import { buildTestApp, type TestApp } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';

/**
 * Walks the whole route table: every route but the public ones must answer 401 to an anonymous
 * request and 403 to each role its declaration does not allow — before any validation or work.
 */
const testDb = setupTestDatabase();
let t: TestApp;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  for (const role of ROLES) cookies[role] = (await t.loginAs(role)).cookie;
});
afterAll(() => t.close());

const PUBLIC_API = new Set([
  'POST /api/auth/login',
  'POST /api/auth/logout',
  // One-time links: invitations and "forgot password" (the token or the e-mail is the caller's proof).
  'POST /api/auth/invitation',
  'POST /api/auth/invitation/accept',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/complete',
  'GET /api/openapi.json',
  // Channels: signed requests of another system, and the web chat's anonymous visitors.
  'POST /api/channels/:id/inbound',
  'POST /api/channels/:id/telegram',
  'GET /api/channels/:id/whatsapp',
  'POST /api/channels/:id/whatsapp',
  'GET /api/channels/:id/twitter',
  'POST /api/channels/:id/twitter',
  'POST /api/chat/:bot/messages',
  'GET /api/chat/:bot/messages',
  'GET /api/chat/:bot/stream',
  // A texter's signed link that stops feedback e-mails (docs/feedback.md).
  'GET /api/feedback/stop/:token',
  'POST /api/feedback/stop/:token',
]);

function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, '1').replace(/\*$/, 'x');
}

describe('route table', () => {
  it('declares access on every route, and only sign-in, docs and the channels are public under /api', () => {
    expect(t.routes.length).toBeGreaterThan(5);
    const publicApi = t.routes
      .filter((r) => r.url.startsWith('/api/') && r.access === 'public' && r.method !== 'HEAD')
      .filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(new Set(publicApi)).toEqual(PUBLIC_API);
  });

  it('answers 401 without a session and 403 to every role the route does not allow', async () => {
    const guarded = t.routes.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
    expect(guarded.some((r) => r.url === '/metrics')).toBe(true);
    let forbiddenChecks = 0;
    for (const route of guarded) {
      const request = {
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' ? undefined : {},
      };
      const anonymous = await t.app.inject(request);
      expect(anonymous.statusCode, `${route.method} ${route.url} anonymous`).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
      for (const role of ROLES) {
        if (roleAllows(route.access, role)) continue;
        const denied = await t.app.inject({ ...request, headers: { cookie: cookies[role] } });
        expect(denied.statusCode, `${route.method} ${route.url} as ${role}`).toBe(403);
        expect(denied.json()).toMatchObject({ error: { code: 'forbidden' } });
        forbiddenChecks++;
      }
    }
    expect(forbiddenChecks).toBeGreaterThan(0);
  });

  it('rejects a forged or revoked session cookie like no session', async () => {
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: 'parley_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
  });
});
