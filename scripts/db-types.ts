import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { generateTypes, TYPES_FILE } from '../src/db/codegen.js';
import { createPool, migrate } from '../src/db/index.js';
import type { Database } from '../src/db/rows.js';

/**
 * `npm run db:types`: creates a scratch database on the DATABASE_URL server, applies every
 * migration, writes src/db/types.ts from it and drops the scratch database. Run it after adding
 * or changing a migration; src/db/types.test.ts fails until you do.
 */
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  process.stderr.write('db:types needs DATABASE_URL: a PostgreSQL server where it may create a database\n');
  process.exit(2);
}

const name = `parley_codegen_${randomBytes(4).toString('hex')}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
try {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(url.toString(), 2, 'parley-db-types') }),
  });
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
  await writeFile(TYPES_FILE, await generateTypes(url.toString()));
  process.stdout.write(`wrote ${TYPES_FILE}\n`);
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
