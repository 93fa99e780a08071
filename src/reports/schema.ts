import { sql } from 'kysely';
import type { Db } from '../db/index.js';

/**
 * The tables and columns reports may read on Parley's own database (for the editor's completion):
 * those the reports role can select, in `public` and the compatibility schemas.
 */
export async function readableTables(db: Db): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; table_schema: string }>`
    select c.table_schema, c.table_name, c.column_name
      from information_schema.columns c
     where c.table_schema in ('public', 'penhas', 'discourse')
       and exists (select 1 from pg_roles where rolname = 'parley_reports')
       and has_column_privilege('parley_reports',
             quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name, 'select')
     order by c.table_schema, c.table_name, c.ordinal_position`.execute(db);
  const tables: Record<string, string[]> = {};
  for (const row of rows) {
    const name = row.table_schema === 'public' ? row.table_name : `${row.table_schema}.${row.table_name}`;
    tables[name] ??= [];
    tables[name].push(row.column_name);
  }
  return tables;
}
