import { Writable } from 'node:stream';
import { Kysely, PostgresDialect } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness/app.js';
import { createPool, type Db } from '../db/index.js';
import type { AppDeps, SessionService } from '../http/types.js';
import { buildApp } from './app.js';
import { healthRoutes } from './health.js';

/** A database nobody answers on, behind a URL whose details must not reach the client. */
const pool = createPool('postgres://parley_probe:hunter2@127.0.0.1:1/secret_db_name', 1, 'parley-test');
const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
afterAll(() => db.destroy());

describe('GET /healthz when the database does not answer', () => {
  it("answers 503 with a generic word and logs PostgreSQL's error instead", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const sessions: SessionService = {
      resolve: async () => null,
      revoke: async () => undefined,
      forgetUser: () => undefined,
      stats: () => null,
    };
    const deps: AppDeps = { config: testConfig(), db, now: () => new Date(), sessions };
    const { app } = await buildApp(deps, { logger: pino({ level: 'warn' }, sink), routes: healthRoutes });
    try {
      const reply = await app.inject({ method: 'GET', url: '/healthz' });
      expect(reply.statusCode).toBe(503);
      expect(reply.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
      expect(reply.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secret_db_name|parley_probe/);
      expect(lines.join('')).toContain('ECONNREFUSED');
    } finally {
      await app.close();
    }
  });
});
