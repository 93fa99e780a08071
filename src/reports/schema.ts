import { sql } from 'kysely';
import { REPORT_LIMITS } from '../../common/api/reports.js';
import type { Db } from '../db/index.js';
import { describeFailure } from './run.js';
import { reportPool } from './runner/pools.js';

/** Tables and their columns, for the editor's completion: `public`'s by name, others as `schema.table`. */
export type Tables = Record<string, string[]>;

interface ColumnRow {
  table_schema: string;
  table_name: string;
  column_name: string;
}

function byTable(rows: readonly ColumnRow[]): Tables {
  const tables: Tables = {};
  for (const row of rows) {
    const name = row.table_schema === 'public' ? row.table_name : `${row.table_schema}.${row.table_name}`;
    tables[name] ??= [];
    tables[name].push(row.column_name);
  }
  return tables;
}

/**
 * The tables and columns reports may read on Parley's own database (for the editor's completion):
 * those the reports role can select, in `public` and the compatibility schemas.
 */
export async function readableTables(db: Db): Promise<Tables> {
  const { rows } = await sql<ColumnRow>`
    select c.table_schema, c.table_name, c.column_name
      from information_schema.columns c
     where c.table_schema in ('public', 'penhas', 'discourse')
       and exists (select 1 from pg_roles where rolname = 'parley_reports')
       and has_column_privilege('parley_reports',
             quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name, 'select')
     order by c.table_schema, c.table_name, c.ordinal_position`.execute(db);
  return byTable(rows);
}

/**
 * The tables and columns of a registered data source its login can see (information_schema shows
 * only those), system schemas left out, at most `REPORT_LIMITS.schemaColumns` columns. Read in a
 * read-only transaction with a short time limit, on the source's report pool.
 */
export async function sourceTables(url: string): Promise<Tables> {
  const client = await reportPool(url)
    .connect()
    .catch((error: unknown) => {
      throw describeFailure(error, false);
    });
  let broken = false;
  try {
    await client.query('begin read only; set local statement_timeout = 10000');
    const { rows } = await client.query<ColumnRow>(
      `select table_schema, table_name, column_name
         from information_schema.columns
        where table_schema not in ('information_schema', 'pg_catalog', 'pg_toast')
          and table_schema not like 'pg\\_temp\\_%' and table_schema not like 'pg\\_toast\\_temp\\_%'
        order by table_schema, table_name, ordinal_position
        limit $1`,
      [REPORT_LIMITS.schemaColumns],
    );
    return byTable(rows);
  } catch (error) {
    throw describeFailure(error, false);
  } finally {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    client.release(broken);
  }
}
