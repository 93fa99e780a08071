import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPool, type Db } from '../../src/db/index.js';
import type { Database } from '../../src/db/rows.js';
import { withDatabaseName } from './global-setup.js';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh copy of the migrated template database, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `${inject('testDbPrefix')}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // 55006: the template is momentarily in use by another file's CREATE DATABASE.
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl, name);
  const pool = createPool(url, 10, 'parley-test');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    name,
    url,
    pool,
    db,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Gives the test file its own database for all its tests; dropped afterwards. */
export function setupTestDatabase(): TestDatabase {
  let current: TestDatabase | null = null;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
  });
  const get = <K extends keyof TestDatabase>(key: K): TestDatabase[K] => {
    if (!current) throw new Error('the test database is only available inside tests and hooks');
    return current[key];
  };
  return {
    get name() {
      return get('name');
    },
    get url() {
      return get('url');
    },
    get pool() {
      return get('pool');
    },
    get db() {
      return get('db');
    },
    drop: () => get('drop')(),
  };
}
