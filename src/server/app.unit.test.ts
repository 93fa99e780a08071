import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../common/api/error-codes.js';
import { loadConfig } from '../config.js';
import type { Db } from '../db/index.js';
import type { App, AppDeps } from '../http/types.js';
import { buildApp } from './app.js';

/** The HTTP shell without a database: the web UI's files and paths, and the codes of its error replies. */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const webRoot = mkdtempSync(path.join(tmpdir(), 'parley-web-'));
let app: App;

beforeAll(async () => {
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>');
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'assets', 'app-abc123.js'), 'console.log(1);');
  const deps: AppDeps = {
    config: loadConfig({ PARLEY_SECRET: 'test-secret-test-secret-test-secret!', PARLEY_DATA_DIR: webRoot }),
    db: {} as Db,
    now: () => new Date(),
    sessions: {
      resolve: async () => null,
      revoke: async () => undefined,
      forgetUser: () => undefined,
      stats: () => null,
    },
  };
  ({ app } = await buildApp(deps, {
    webRoot,
    routes: (routes) => {
      routes.get('/api/thing', { config: { access: 'public' } }, async () => ({ ok: true }));
      routes.post(
        '/api/echo',
        {
          config: { access: 'public' },
          schema: { body: Type.Object({ n: Type.Integer({ maximum: 5 }), name: Type.String() }) },
        },
        async (request) => request.body,
      );
      routes.get('/api/boom', { config: { access: 'public' } }, async () => {
        throw new Error('a bug');
      });
      // A real pool whose only connection is taken: the next query waits past its limit.
      routes.get('/api/busy', { config: { access: 'public' } }, async () => {
        const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
        const held = await pool.connect();
        try {
          return await pool.query('select 1');
        } finally {
          held.release();
          await pool.end();
        }
      });
    },
  }));
});
afterAll(async () => {
  await app?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('HEAD wherever GET is served', () => {
  it.each(['/', '/login', '/settings/imports'])('answers HEAD %s as GET, without a body', async (url) => {
    const get = await app.inject({ method: 'GET', url });
    const head = await app.inject({ method: 'HEAD', url });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('<title>Parley</title>');
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.body).toBe('');
  });

  it('answers HEAD for the built files and for API reads', async () => {
    const asset = await app.inject({ method: 'HEAD', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'HEAD', url: '/api/thing' })).statusCode).toBe(200);
  });

  it('still answers 404 for unknown API paths and for writes to the web paths', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/api/nope' })).statusCode).toBe(404);
    const post = await app.inject({ method: 'POST', url: '/login', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('not_found');
  });
});

describe('error replies carry a code the web UI translates', () => {
  const cases: [string, InjectOptions, number, string][] = [
    [
      'JSON that does not parse',
      { method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"n":' },
      400,
      'invalid_json',
    ],
    [
      'a content type nobody parses',
      { method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/xml' }, payload: '<n/>' },
      415,
      'unsupported_media_type',
    ],
    [
      'a body over the limit',
      {
        method: 'POST',
        url: '/api/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ n: 1, name: 'x'.repeat(11 * 2 ** 20) }),
      },
      413,
      'body_too_large',
    ],
    ['a bug', { method: 'GET', url: '/api/boom' }, 500, 'internal'],
  ];
  it.each(cases)('%s', async (_what, request, status, code) => {
    const reply = await app.inject(request);
    expect(reply.statusCode).toBe(status);
    expect(reply.json().error.code).toBe(code);
    expect(isErrorCode(reply.json().error.code)).toBe(true);
  });

  it('names each invalid field with the rule it broke and its parameters', async () => {
    const reply = await app.inject({ method: 'POST', url: '/api/echo', payload: { n: 9 } });
    expect(reply.statusCode).toBe(400);
    const { error } = reply.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body', keyword: 'required', params: { missingProperty: 'name' } }),
        expect.objectContaining({
          path: 'body/n',
          keyword: 'maximum',
          params: { comparison: '<=', limit: 5 },
        }),
      ]),
    );
  });

  it('tells the client to come back when no database connection frees up in time', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/busy' });
    expect(reply.statusCode).toBe(503);
    expect(reply.json().error.code).toBe('database_busy');
    expect(reply.headers['retry-after']).toBe('2');
  });

  it('gives a failure’s request id as a detail', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(reply.json().error.details).toEqual({ request_id: reply.headers['x-request-id'] });
  });
});
