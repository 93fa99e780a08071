import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createPool, migrate } from '../../src/db/index.js';
import type { Database } from '../../src/db/rows.js';
import { migrateJobs } from '../../src/jobs/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL on the test server with rights to create databases. */
    adminUrl: string;
    /** A migrated database each test file copies (CREATE DATABASE … TEMPLATE). */
    templateDb: string;
    /** Prefix of this run's per-file databases (several runs may share one server). */
    testDbPrefix: string;
  }
}

const TEST_DB_PREFIX = 'parley_t_';

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Once per run: finds a PostgreSQL server (TEST_DATABASE_URL, DATABASE_URL, or an embedded one in
 * the temp folder), creates a template database and migrates it. Tests never mock the database.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(tmpdir(), 'parley-test-postgres'),
      database: 'postgres',
    });
    adminUrl = embedded.url;
  }
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const templateDb = `parley_tpl_${runId}`;
  const testDbPrefix = `${TEST_DB_PREFIX}${runId}_`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);

  const pool = createPool(withDatabaseName(adminUrl, templateDb), 2, 'parley-test-setup');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db);
  await migrateJobs(pool);
  await db.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('testDbPrefix', testDbPrefix);

  return async () => {
    // Only this run's databases: other runs may be using the same server right now.
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) or datname = $2',
      [testDbPrefix, templateDb],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
    }
    await admin.end();
    await embedded?.release();
  };
}
