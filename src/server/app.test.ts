import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';

const testDb = setupTestDatabase();
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp(testDb.db, { config: testConfig({ METRICS_TOKEN: 'scrape-token' }) });
});
afterAll(() => t.close());

describe('operational endpoints', () => {
  it('GET /healthz checks the database', async () => {
    const reply = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document and its docs page', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users/{id}', '/api/me']),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('shows /metrics to admins and to the scrape token only', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const scraped = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-token' },
    });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain(
      'parley_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"}',
    );
    const { cookie } = await t.loginAs('admin');
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { cookie } })).statusCode).toBe(
      200,
    );
  });

  it('answers unknown API paths with the error shape and a request id', async () => {
    const reply = await t.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nope.' } });
    expect(reply.headers['x-request-id']).toBe('abc-123');
  });

  it('sets security headers', async () => {
    const reply = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('rate-limits sign-in attempts per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const reply = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: `nobody${i}@example.org`, password: 'whatever' },
      });
      statuses.push(reply.statusCode);
      if (reply.statusCode === 429) expect(reply.json().error.code).toBe('rate_limited');
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
