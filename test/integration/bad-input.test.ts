import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIGINT_ID_MAX, INT4_MAX } from '../../common/api/typebox.js';
import { BOT_LIMITS } from '../../common/limits.js';
import { buildApp } from '../../src/server/app.js';
import { importRoutes } from '../../src/sources/spoke/index.js';
import { buildTestApp, type TestApp } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';

/**
 * Input a careless or hostile client sends must be answered
 * 4xx in the one error shape, never 500 — ids past their column's range, the wrong content type
 * for an upload, an upload over the limit (413 sent before the connection closes).
 */
const testDb = setupTestDatabase();
let t: TestApp;
let admin: string;
let auditor: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin')).cookie;
  auditor = (await t.loginAs('auditor')).cookie;
});
afterAll(() => t.close());

function expectErrorShape(reply: { statusCode: number; json(): unknown }, status: number, code?: string) {
  expect(reply.statusCode).toBe(status);
  const body = reply.json() as { error: { code: unknown; message: unknown } };
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  if (code) expect(body.error.code).toBe(code);
}

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('ids past their column', () => {
  it.each([
    ['/api/conversations/99999999999999999999', 'auditor'],
    [`/api/conversations/${BIGINT_ID_MAX + 1}`, 'auditor'],
    ['/api/users/2147483648', 'admin'],
    ['/api/bots/2147483648', 'admin'],
    ['/api/bots/2147483648/export', 'admin'],
    ['/api/bots/1/revisions/2147483648', 'admin'],
    ['/api/imports/99999999999999999999', 'admin'],
    ['/api/imports/1e400', 'admin'],
    ['/api/users/Infinity', 'admin'],
    ['/api/bots/-Infinity', 'admin'],
  ])('GET %s is 400', async (url, role) => {
    expectErrorShape(await get(url, role === 'admin' ? admin : auditor), 400, 'validation_failed');
  });

  it.each([
    [`/api/users/${INT4_MAX}`, 'admin', 404],
    [`/api/bots/${INT4_MAX}`, 'admin', 404],
    [`/api/imports/${BIGINT_ID_MAX}`, 'admin', 404],
    // An auditor may read only the conversations of their batches: refused before the lookup.
    [`/api/conversations/${BIGINT_ID_MAX}`, 'auditor', 403],
  ] as const)('GET %s (the largest id) is %s as %s', async (url, role, status) => {
    expectErrorShape(await get(url, role === 'admin' ? admin : auditor), status);
  });

  it('refuses a conversation_id past bigint in POST /api/audits (JSON number and big literal)', async () => {
    for (const payload of [
      '{"conversation_id": 99999999999999999999, "scores": {}}',
      `{"conversation_id": ${BIGINT_ID_MAX + 2}, "scores": {}}`,
      '{"conversation_id": 1e400, "scores": {}}',
      '{"conversation_id": "1e400", "scores": {}}',
      '{"conversation_id": "Infinity", "scores": {}}',
    ]) {
      const reply = await t.app.inject({
        method: 'POST',
        url: '/api/audits',
        headers: { cookie: auditor, 'content-type': 'application/json' },
        payload,
      });
      expectErrorShape(reply, 400);
    }
  });

  it('refuses setting and simulator numbers past what their columns and dates hold', async () => {
    for (const patch of [
      { pool_since_days: 2 ** 31 },
      { data_retention_days: 2 ** 31 },
      { pool_min_messages: 2 ** 31 },
      { pool_campaign_ids: [2 ** 31] },
    ]) {
      const reply = await t.app.inject({
        method: 'PATCH',
        url: '/api/audit/settings',
        headers: { cookie: admin },
        payload: patch,
      });
      expectErrorShape(reply, 400, 'validation_failed');
    }
    const bot = await t.app.inject({
      method: 'POST',
      url: '/api/bots',
      headers: { cookie: admin },
      payload: { name: 'clock' },
    });
    expect(bot.statusCode).toBe(201);
    const simulate = (input: unknown, revision?: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/bots/${bot.json().id}/simulate`,
        headers: { cookie: admin },
        payload: { input, ...(revision === undefined ? {} : { revision }) },
      });
    expectErrorShape(await simulate({ wait_seconds: 1e300 }), 400, 'validation_failed');
    expectErrorShape(await simulate({ text: 'hi' }, 2 ** 31), 400, 'validation_failed');
    // Waits within the limit cannot add up past it either.
    let session: string | undefined;
    for (let step = 0; step < 3; step++) {
      const reply = await t.app.inject({
        method: 'POST',
        url: `/api/bots/${bot.json().id}/simulate`,
        headers: { cookie: admin },
        payload: { input: { wait_seconds: BOT_LIMITS.simWaitMaxSeconds }, ...(session ? { session } : {}) },
      });
      expect(reply.statusCode).toBe(200);
      session = reply.json().session;
      if (step > 0) expect(reply.json().error).toMatch(/at most/);
    }
  });
});

/** What the route-table fuzz test (route-fuzz.test.ts) found answering 500, each now a 4xx. */
describe('found by fuzzing', () => {
  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, cookie = admin) =>
    t.app.inject({
      method,
      url,
      headers: { cookie, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('refuses text PostgreSQL cannot hold (NUL, unpaired surrogates), in values and keys', async () => {
    expectErrorShape(await send('POST', '/api/bots', { name: 'a\u0000b' }), 400, 'validation_failed');
    expectErrorShape(await send('POST', '/api/bots', '{"name": "\\ud800"}'), 400, 'validation_failed');
    const login = await send('POST', '/api/auth/login', { email: 'x\u0000@y.z', password: 'p' }, '');
    expectErrorShape(login, 400, 'validation_failed');
    const keyed = await send(
      'POST',
      '/api/audits',
      { conversation_id: 1, scores: { 'a\u0000': true } },
      auditor,
    );
    expectErrorShape(keyed, 400, 'validation_failed');
    expect(keyed.json().error.details).toEqual([expect.objectContaining({ path: 'body/scores' })]);
  });

  it('takes only the settings from a settings patch (other keys are no columns)', async () => {
    const reply = await send('PATCH', '/api/audit/settings', { '': 'x', updated_by: 99, batch_size: 7 });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().batch_size).toBe(7);
    expect((await send('PATCH', '/api/audit/settings', { nothing: 1 })).statusCode).toBe(200);
  });

  it('refuses a bot name that is only spaces, and a bundle name over the limit', async () => {
    expectErrorShape(await send('POST', '/api/bots', { name: '   ' }), 400, 'bot_name_required');
    const bundle = (await get('/api/bots', admin)).json().bots[0];
    const exported = (await get(`/api/bots/${bundle.id}/export`, admin)).json();
    const long = await send('POST', '/api/bots/import', { bundle: { ...exported, name: 'x'.repeat(200) } });
    expectErrorShape(long, 422);
    expect(long.json().error.details).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('refuses integers in a bot config past what their columns hold', async () => {
    const bots = (await get('/api/bots', admin)).json().bots;
    const exported = (await get(`/api/bots/${bots[0].id}/export`, admin)).json();
    const bundle = {
      ...exported,
      bot: { ...exported.bot, tag_code_config: { default: 2 ** 31, scenarios: [] }, timeout_seconds: 1e308 },
    };
    const checked = await send('POST', '/api/bots/validate', { bundle });
    expect(checked.statusCode).toBe(200);
    expect(
      checked
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['bot.tag_code_config.default', 'bot.timeout_seconds']);
    expectErrorShape(await send('POST', '/api/bots/import', { name: 'Huge', bundle }), 422, 'invalid_bot');
  });
});

describe('upload content types', () => {
  let importId: number;
  beforeAll(async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: admin },
      payload: {},
    });
    importId = created.json().id;
  });
  const put = (headers: Record<string, string>, payload?: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/imports/${importId}/files/contacts.csv`,
      headers: { cookie: admin, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  it.each([
    ['application/json', '{"a": 1}'],
    ['application/json', 'not json'],
    ['text/plain', 'cell\n+15555550100\n'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['garbage', 'x'],
  ])('refuses %s with 415', async (type, payload) => {
    expectErrorShape(await put({ 'content-type': type }, payload), 415, 'unsupported_media_type');
  });

  it('refuses a body without a content type with 415, and no body (nor type) at all as an empty file', async () => {
    const bare = await t.app.inject({
      method: 'PUT',
      url: `/api/imports/${importId}/files/contacts.csv`,
      headers: { cookie: admin, 'content-length': '5' },
      payload: Buffer.from('cell\n'),
    });
    expectErrorShape(bare, 415, 'unsupported_media_type');
    expectErrorShape(await put({}), 400, 'empty_file');
    expectErrorShape(await put({ 'content-type': 'application/json' }), 415, 'unsupported_media_type');
  });

  it.each(['text/csv', 'text/csv; charset=utf-8', 'application/csv', 'application/vnd.ms-excel'])(
    'takes %s',
    async (type) => {
      const reply = await put({ 'content-type': type }, 'cell,firstName\n+15555550100,Ana\n');
      expect(reply.statusCode).toBe(200);
      expect(reply.json().files.map((f: { name: string }) => f.name)).toEqual(['contacts.csv']);
    },
  );
});

describe('malformed addresses', () => {
  it('answers a broken %-escape and an over-long path parameter in the error shape', async () => {
    expectErrorShape(await get('/api/users/%E0%A4%A', admin), 400, 'bad_request');
    // Past the router's parameter length: no route matches.
    expectErrorShape(await get(`/api/imports/1/files/${'a'.repeat(300)}.csv`, admin), 404, 'not_found');
  });
});

/** A real connection: what a client sees when an upload goes over the limit. */
describe('upload over the limit', () => {
  const LIMIT = 64 * 1024;
  let server: Awaited<ReturnType<typeof buildApp>>;
  let port: number;
  let cookie: string;
  let importId: number;

  beforeAll(async () => {
    server = await buildApp(t.deps, {
      web: false,
      routes: (app, deps) => importRoutes(app, deps, { fileMaxBytes: LIMIT }),
    });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as AddressInfo).port;
    cookie = (await t.loginAs('admin')).cookie;
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie },
      payload: {},
    });
    importId = created.json().id;
  });
  afterAll(() => server?.app.close());

  interface Outcome {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
  }

  /** Streams `total` bytes (or forever, while no answer comes) and resolves with the answer. */
  function upload(headers: Record<string, string>, total = Number.POSITIVE_INFINITY): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/api/imports/${importId}/files/big.csv`,
        headers: { cookie, 'content-type': 'text/csv', ...headers },
      });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      let sent = 0;
      let answered = false;
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!answered) request.end();
      };
      request.on('response', (response) => {
        answered = true;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (data) => {
          body += data;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      });
      // Writing on after the answer may fail (the server closed): only an error before it counts.
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      pump();
    });
  }

  async function storedFiles(): Promise<number> {
    const rows = await testDb.db
      .selectFrom('import_files')
      .select('id')
      .where('import_id', '=', importId)
      .execute();
    return rows.length;
  }

  it('refuses a declared Content-Length over the limit with 413 before reading the body', async () => {
    const outcome = await upload({ 'content-length': String(LIMIT * 10) }, LIMIT * 10);
    expect(outcome.status).toBe(413);
    expect(outcome.headers.connection).toBe('close');
    expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: 'file_too_large' } });
    expect(await storedFiles()).toBe(0);
  });

  it('answers 413 to a chunked body that goes over, then closes the connection', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await upload({ 'transfer-encoding': 'chunked' });
      expect(outcome.status).toBe(413);
      expect(outcome.headers.connection).toBe('close');
      expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: 'file_too_large' } });
    }
    expect(await storedFiles()).toBe(0);
  });

  it('still takes a file under the limit on the same server', async () => {
    const outcome = await upload({ 'content-length': String(LIMIT / 2) }, LIMIT / 2);
    expect(outcome.status).toBe(200);
    expect(await storedFiles()).toBe(1);
  });
});
