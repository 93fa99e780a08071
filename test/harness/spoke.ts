import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { withDatabaseName } from './global-setup.js';

export type SpokeFixture = 'statevoices' | 'rewired';

export interface SpokeDatabase {
  url: string;
  /** Runs SQL on the Spoke database (to change it between imports). */
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/**
 * A separate PostgreSQL database shaped like a Spoke instance (test/fixtures/spoke-db/<name>.sql),
 * on the test server; dropped by `drop()` or at the end of the run with the other test databases.
 */
export async function createSpokeDatabase(fixture: SpokeFixture): Promise<SpokeDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('testDbPrefix')}spoke_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    await readFile(path.join(packageRoot, 'test/fixtures/spoke-db', `${fixture}.sql`), 'utf8'),
  );
  return {
    url,
    query: (text, values) => client.query(text, values),
    async drop() {
      await client.end();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
