import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../common/roles.js';
import { refreshPool } from '../../src/audit/index.js';
import { SESSION_COOKIE } from '../../src/http/request.js';
import type { App, RouteRecord } from '../../src/http/types.js';
import { createSession } from '../../src/users/index.js';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../harness/app.js';
import { demoBotId, penhasFixture, penhasQuizCsv } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { memoryLogger } from '../harness/logs.js';

/**
 * The net under every route: for each route of the route table, random path parameters, query
 * strings, content types and bodies (JSON of every kind, numbers past every column, deep nesting,
 * long strings, wrong types, and bodies shaped like the route's own schema with bad values in
 * them), sent as each role and anonymously. No answer may be a 5xx, and every 4xx must have the one
 * error shape `{error: {code, message}}`. About 2,000 requests in all; `FUZZ_REQUESTS=20000` for a
 * longer hunt (a failure prints fast-check's seed, and the server's log line of the 500).
 *
 * No request carries an Origin header: state-changing requests from another site are refused
 * before any of this (src/server/csrf.ts, its own test).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);

const testDb = setupTestDatabase();
let t: TestApp;
/** The app under test: Parley's, with an error log kept in memory to explain a 500. */
let app: App;
const captured = memoryLogger('error', 50);
const errorLog = captured.lines;
type Who = Role | 'anonymous';
const actors = {} as Record<Role, { id: number; cookie: string }>;
let stale = false;
let routes: RouteRecord[] = [];
let bodySchemas = new Map<string, JsonSchema>();
/** Ids of rows that exist (conversations in the auditor's batch, bots, the import, the users). */
let knownIds: string[] = [];
/** A valid body for each route that takes one: the starting point of the mutated bodies. */
let examples: Record<string, unknown> = {};
const tally = new Map<number, number>();
const perRoute: Record<string, Record<number, number>> = {};

beforeAll(async () => {
  t = await buildTestApp(testDb.db, { logger: captured.logger });
  app = t.app;
  routes = t.routes.filter((route) => route.method !== 'HEAD');
  for (const role of ROLES) {
    const { user, cookie } = await t.loginAs(role);
    actors[role] = { id: user.id, cookie };
  }
  // Something for the ids to find: conversations (some in the auditor's batch), a bot, an import.
  await seedCampaigns(testDb.db, [{ conversations: 6, newest: new Date() }]);
  await refreshPool(testDb.db, new Date());
  const inject = (method: 'POST', url: string, cookie: string, payload: object) =>
    app.inject({ method, url, headers: { cookie }, payload });
  const batch = await inject('POST', '/api/audit/batches', actors.auditor.cookie, { size: 3 });
  expect(batch.statusCode).toBe(201);
  const bot = await inject('POST', '/api/bots', actors.admin.cookie, { name: 'fuzz' });
  expect(bot.statusCode).toBe(201);
  const upload = await inject('POST', '/api/imports', actors.admin.cookie, {});
  expect(upload.statusCode).toBe(201);
  const demo = await demoBotId(testDb.db);
  const conversations = batch.json().items.map((item: { conversation_id: number }) => item.conversation_id);
  knownIds = [
    ...new Set([
      ...conversations,
      bot.json().id,
      demo,
      upload.json().id,
      ...ROLES.map((role) => actors[role].id),
    ]),
  ].map(String);
  const get = async (url: string) =>
    (await app.inject({ url, headers: { cookie: actors.admin.cookie } })).json();
  examples = validExamples({
    bundle: await get(`/api/bots/${demo}/export`),
    rubricKeys: (await get('/api/audit/rubric')).items.map((item: { key: string }) => item.key),
    conversationId: conversations[0],
  });
  bodySchemas = requestBodies(app.swagger() as OpenApi);
});
afterAll(() => t.close());

/** Puts the fuzzed users back as they were (a request may have changed a role, a session, a password). */
async function restoreActors(): Promise<void> {
  for (const role of ROLES) {
    await testDb.db
      .updateTable('users')
      .set({ role, disabled: false })
      .where('id', '=', actors[role].id)
      .execute();
    const token = await createSession(testDb.db, actors[role].id, t.deps.config.session, new Date());
    actors[role].cookie = `${SESSION_COOKIE}=${token}`;
  }
  stale = false;
}

// ---- What the OpenAPI document says each route takes ----------------------------------------

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  minimum?: number;
  maximum?: number;
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
}

function requestBodies(document: OpenApi): Map<string, JsonSchema> {
  const bodies = new Map<string, JsonSchema>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema) bodies.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, schema);
    }
  }
  return bodies;
}

// ---- Valid bodies, and bodies one change away from valid ---------------------------------------

const CSV_EXAMPLE = readFileSync(new URL('../fixtures/spoke-csv/convo.csv', import.meta.url), 'utf8');

function validExamples(seen: { bundle: unknown; rubricKeys: string[]; conversationId: number }) {
  const password = { current_password: TEST_PASSWORD, new_password: 'another horse battery staple' };
  const rubricItem = { key: 'greeting', label: 'Greeting', description: '', weight: 1, critical: false };
  return {
    'POST /api/auth/login': { email: 'admin@test.example', password: TEST_PASSWORD },
    'POST /api/me/password': password,
    'POST /api/users': { email: 'new@test.example', name: 'New', role: 'auditor', password: TEST_PASSWORD },
    'PATCH /api/users/:id': { name: 'Renamed' },
    'POST /api/audit/batches': { size: 3 },
    'POST /api/audits': {
      conversation_id: seen.conversationId,
      scores: Object.fromEntries(seen.rubricKeys.map((key) => [key, true])),
      note: 'ok',
      time_spent_ms: 1000,
    },
    'PUT /api/audit/rubric': { items: [rubricItem] },
    'PATCH /api/audit/settings': { batch_size: 5, pool_campaign_ids: [1], pool_since_days: 30 },
    'POST /api/imports': { source: 'fuzz', country: 'BR' },
    'POST /api/bots': { name: 'Fuzzed' },
    'POST /api/bots/:id/revisions': { bundle: seen.bundle },
    'POST /api/bots/validate': { bundle: seen.bundle },
    'POST /api/bots/import': { name: 'Imported', bundle: seen.bundle },
    'POST /api/bots/import-penha': {
      bot: 'Penha',
      config: penhasFixture('config.json'),
      quiz: penhasQuizCsv(),
      quiz_format: 'csv',
      questionnaire_id: '2',
    },
    'POST /api/bots/:id/simulate': { input: { text: 'oi' } },
    'PUT /api/bots/:id/draft': { bundle: seen.bundle, version: 0 },
    'POST /api/bots/:id/draft/publish': { version: 1 },
  } as Record<string, unknown>;
}

type Path = (string | number)[];

/** Every place in a JSON value (the value itself first). */
function pathsOf(value: unknown, at: Path = [], into: Path[] = []): Path[] {
  into.push(at);
  if (typeof value !== 'object' || value === null) return into;
  for (const [key, item] of Object.entries(value))
    pathsOf(item, [...at, Array.isArray(value) ? Number(key) : key], into);
  return into;
}

/** The example with the value at one of its places replaced or removed (or left as it is). */
function mutated(example: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(example);
  return fc
    .record({
      which: fc.nat(),
      change: fc.constantFrom('replace', 'replace', 'remove', 'keep'),
      value: nasty,
    })
    .map(({ which, change, value }) => {
      if (change === 'keep') return example;
      const copy = structuredClone(example);
      const path = paths[which % paths.length] ?? [];
      if (path.length === 0) return change === 'remove' ? {} : value;
      type Node = Record<string | number, unknown>;
      const parent = path.slice(0, -1).reduce((node, key) => node[key] as Node, copy as Node);
      const last = path.at(-1) as string | number;
      if (change === 'remove' && Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (change === 'remove') delete parent[last];
      else parent[last] = value;
      return copy;
    });
}

/** CSV uploads: the fixture, cut or with a line of garbage, or no CSV at all. */
const csvBody = fc.oneof(
  fc.constant(CSV_EXAMPLE),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 80 })).map(([at, line]) => {
    const lines = CSV_EXAMPLE.split('\n');
    lines.splice(at % lines.length, 0, line);
    return lines.join('\n');
  }),
  fc.nat().map((at) => CSV_EXAMPLE.slice(0, at % CSV_EXAMPLE.length)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

// ---- Values ------------------------------------------------------------------------------------

const HUGE_NUMBERS = [
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 63,
  1e20,
  1e300,
  Number.MAX_VALUE,
  -1,
  -(2 ** 31) - 1,
  -1e300,
  0,
  0.5,
  1.5,
];
const hugeNumber = fc.constantFrom(...HUGE_NUMBERS);
const longString = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀', '\u0000', '\n', ',', '"', '..'),
    fc.integer({ min: 1000, max: 50_000 }),
  )
  .map(([unit, count]) => unit.repeat(count));
const oddString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '1',
    '-1',
    'null',
    'true',
    '1e400',
    // Days and times at the ends of what the formats allow (PostgreSQL has no year 0).
    '0000-01-01',
    '9999-12-31',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ),
);
/** A value of any type, favouring the troublesome ones. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: hugeNumber, weight: 3 },
  { arbitrary: fc.integer({ min: -3, max: 5 }), weight: 2 },
  { arbitrary: oddString, weight: 3 },
  { arbitrary: longString, weight: 1 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
);

/** Values for a schema: mostly fitting it (to get past validation), each level sometimes wrong. */
function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return nasty;
  return fc.oneof({ arbitrary: fitting(schema, depth), weight: 9 }, { arbitrary: nasty, weight: 1 });
}

function fitting(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => fromSchema(branch, depth + 1)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      if (schema.properties) {
        const shape = Object.fromEntries(
          Object.entries(schema.properties).map(([key, property]) => [key, fromSchema(property, depth + 1)]),
        );
        return fc.record(shape, { requiredKeys: schema.required ?? [] });
      }
      const values = Object.values(schema.patternProperties ?? {})[0] ?? {};
      return fc.dictionary(oddString, fromSchema(values, depth + 1), { maxKeys: 5 });
    }
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, depth + 1), { maxLength: 5 });
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.max(schema.minimum ?? -5, -5), max: Math.min(schema.maximum ?? 10, 10) }),
        fc.constantFrom(
          ...[schema.minimum, schema.maximum]
            .filter((n): n is number => n !== undefined)
            .flatMap((n) => [n, n - 1, n + 1]),
          ...HUGE_NUMBERS,
        ),
      );
    case 'string':
      return fc.oneof(oddString, fc.emailAddress());
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 4 });
  }
}

/** JSON text no JSON.stringify would write: huge literals, deep nesting, duplicates, prototypes. */
function rawJson(keys: string[]): fc.Arbitrary<string> {
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  const deep = fc
    .tuple(fc.boolean(), fc.integer({ min: 100, max: 20_000 }))
    .map(([arrays, n]) =>
      arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
    );
  const literal = fc.constantFrom(
    '99999999999999999999',
    '1e400',
    '-1e400',
    '9007199254740993',
    '-0',
    '1.0e2',
  );
  return fc.oneof(
    fc.tuple(key, literal).map(([k, v]) => `{"${k}": ${v}}`),
    fc.tuple(key, deep).map(([k, nested]) => `{"${k}": ${nested}}`),
    deep,
    fc.constantFrom(
      '',
      'null',
      '[]',
      '"text"',
      '{',
      '{"a":1,"a":2}',
      '{"__proto__": {"polluted": true}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      '\uFEFF{}',
      'cell,firstName\n+15555550100,Ana\n',
      'a=1&b=2',
      '\u0000\u0001\u0002',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-7',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/csv',
  'application/vnd.ms-excel',
  'garbage',
  ';;',
  '',
  'application/json, text/csv',
];
/** What a route reads when it is not JSON. */
const PREFERRED_TYPE: Record<string, string> = { 'PUT /api/imports/:id/files/:name': 'text/csv' };
/** The route's own content type mostly, any other one (null: no Content-Type header) sometimes. */
function contentTypeFor(route: RouteRecord): fc.Arbitrary<string | null> {
  return fc.oneof(
    {
      arbitrary: fc.constant(PREFERRED_TYPE[`${route.method} ${route.url}`] ?? 'application/json'),
      weight: 8,
    },
    { arbitrary: fc.constantFrom<string | null>(null, ...CONTENT_TYPES), weight: 2 },
  );
}

const paramValue = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', '3', '4', '5'), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '2147483647',
      '2147483648',
      '9007199254740991',
      '9007199254740992',
      '99999999999999999999',
      '1e400',
      '1.5',
      'NaN',
      'Infinity',
      '0x10',
      '%20',
      '..',
      '.',
      '%2e%2e',
      '..%2F..%2Fetc%2Fpasswd',
      '%E0%A4%A',
      '%00',
      '%',
      'contacts.csv',
      'x.csv',
      '..csv',
      'a'.repeat(150),
    ),
    weight: 4,
  },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), weight: 1 },
);

const queryString = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(oddString, oddString, { maxKeys: 4 })
    .map((entries) => `?${new URLSearchParams(entries as Record<string, string>).toString()}`),
  fc.constantFrom(
    '?',
    '?&&=',
    '?a[b]=1&a[c]=2',
    '?id=99999999999999999999',
    '?%zz=1',
    `?q=${'x'.repeat(2000)}`,
  ),
);

/** Mostly admin, who may call every route (the role walk itself is routes-roles.test.ts's). */
const who = fc.oneof(
  { arbitrary: fc.constant<Who>('admin'), weight: 6 },
  { arbitrary: fc.constantFrom<Who>('anonymous', 'auditor', 'moderator'), weight: 3 },
);

// ---- The property ------------------------------------------------------------------------------

interface Sent {
  who: Who;
  url: string;
  contentType: string | null;
  body: string | undefined;
}

function requestFor(route: RouteRecord): fc.Arbitrary<Sent> {
  const names = route.url.match(/:\w+|\*/g) ?? [];
  const schema = bodySchemas.get(`${route.method} ${route.url}`) ?? {};
  const keys = Object.keys(schema.properties ?? {});
  const example = examples[`${route.method} ${route.url}`];
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  const body = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: example === undefined ? fc.constant(undefined) : mutated(example).map(json), weight: 6 },
    { arbitrary: fromSchema(schema).map(json), weight: 4 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json), weight: 1 },
    { arbitrary: rawJson(keys), weight: 2 },
    {
      arbitrary: PREFERRED_TYPE[`${route.method} ${route.url}`] ? csvBody : fc.constant(undefined),
      weight: 6,
    },
  );
  const param = fc.oneof(
    { arbitrary: fc.constantFrom(...knownIds), weight: 3 },
    { arbitrary: paramValue, weight: 3 },
  );
  return fc
    .record({
      who,
      params: fc.array(param, { minLength: names.length, maxLength: names.length }),
      query: queryString,
      contentType: contentTypeFor(route),
      body,
    })
    .map(({ who, params, query, contentType, body }) => {
      let index = 0;
      const path = route.url.replace(/:\w+|\*/g, () => params[index++] ?? '1');
      return { who, url: `${path}${query}`, contentType, body };
    });
}

async function send(route: RouteRecord, sent: Sent): Promise<void> {
  if (stale) await restoreActors();
  const headers: Record<string, string> = {};
  if (sent.who !== 'anonymous') headers.cookie = actors[sent.who].cookie;
  if (sent.contentType !== null) headers['content-type'] = sent.contentType;
  const reply = await app.inject({
    method: route.method as 'GET',
    url: sent.url,
    headers,
    ...(sent.body === undefined ? {} : { payload: sent.body }),
  });
  tally.set(reply.statusCode, (tally.get(reply.statusCode) ?? 0) + 1);
  const key = `${route.method} ${route.url}`;
  perRoute[key] = { ...perRoute[key], [reply.statusCode]: (perRoute[key]?.[reply.statusCode] ?? 0) + 1 };
  if (sent.who !== 'anonymous' && reply.statusCode === 401) stale = true;
  const what = `${route.method} ${sent.url.slice(0, 200)} as ${sent.who}: ${reply.statusCode} ${reply.body.slice(0, 300)}`;
  if (reply.statusCode >= 500) {
    const id = String(reply.headers['x-request-id']);
    const logged = errorLog.find((line) => line.includes(id)) ?? 'no log line';
    expect.fail(`${what}\n${logged.slice(0, 1500)}`);
  }
  // Pages (the web chat's, outside /api) answer a person: an HTML error page, not the API's shape.
  const page =
    !route.url.startsWith('/api/') && String(reply.headers['content-type']).startsWith('text/html');
  if (reply.statusCode >= 400 && !page) {
    const error = (reply.json() as { error?: { code?: unknown; message?: unknown } }).error;
    expect(typeof error?.code, what).toBe('string');
    expect(typeof error?.message, what).toBe('string');
  }
}

describe('every route, fuzzed', () => {
  it('never answers 5xx, and answers every 4xx in the error shape', { timeout: 120_000 }, async () => {
    expect(routes.length).toBeGreaterThan(20);
    const runsPerRoute = Math.ceil(REQUESTS / routes.length);
    for (const route of routes) {
      await restoreActors();
      await fc.assert(
        fc.asyncProperty(requestFor(route), (sent) => send(route, sent)),
        { numRuns: runsPerRoute, endOnFailure: true },
      );
    }
    if (process.env.FUZZ_TALLY) console.log(Object.fromEntries(tally), perRoute);
    // The requests got past validation into handlers, not only refused at the door.
    expect(tally.get(200) ?? 0).toBeGreaterThan(50);
    expect(tally.get(400) ?? 0).toBeGreaterThan(50);
  });
});
