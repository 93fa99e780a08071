import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { type DeclaredFunction, declaredFunctions, ROUTINE_FILES } from './routines.js';

const testDb = setupTestDatabase();

async function routineFiles(): Promise<{ path: string; text: string; functions: DeclaredFunction[] }[]> {
  return Promise.all(
    ROUTINE_FILES.map(async (url) => {
      const text = await readFile(url, 'utf8');
      return { path: fileURLToPath(url), text, functions: declaredFunctions(text) };
    }),
  );
}

/** Parley's own functions in the public schema (not an extension's), with their source text. */
async function functionsInDatabase(): Promise<Map<string, string>> {
  const { rows } = await testDb.pool.query<{ name: string; source: string }>(`
    select p.proname as name, p.prosrc as source
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public'
       and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`);
  const byName = new Map<string, string>();
  for (const row of rows) {
    expect(byName.has(row.name), `${row.name} is defined more than once`).toBe(false);
    byName.set(row.name, row.source);
  }
  return byName;
}

describe('SQL routines', () => {
  it('each file declares its functions with create or replace', async () => {
    for (const file of await routineFiles()) {
      expect(file.functions.length, file.path).toBeGreaterThan(0);
      const creates = file.text.match(/\bcreate\s+(or\s+replace\s+)?function\b/gi) ?? [];
      expect(creates.length, file.path).toBe(file.functions.length);
    }
  });

  it('a migrated database holds exactly the functions the files declare, with the files’ text', async () => {
    const files = await routineFiles();
    const declared = files.flatMap((file) => file.functions);
    const inDatabase = await functionsInDatabase();
    expect([...inDatabase.keys()].sort()).toEqual(declared.map((f) => f.name).sort());
    for (const fn of declared) expect(inDatabase.get(fn.name), fn.name).toBe(fn.body);
  });

  it('and the same definitions: arguments, result, language and attributes', async () => {
    const files = await routineFiles();
    const client = await testDb.pool.connect();
    try {
      await client.query('begin');
      // The files applied again in a scratch schema give the definitions the files declare.
      await client.query('create schema routines_check');
      await client.query('set local search_path = routines_check, public');
      for (const file of files) await client.query(file.text);
      for (const { name } of files.flatMap((file) => file.functions)) {
        const { rows } = await client.query<{ schema: string; definition: string }>(
          `select n.nspname as schema, pg_get_functiondef(p.oid) as definition
             from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where p.proname = $1 and n.nspname in ('public', 'routines_check')`,
          [name],
        );
        const definition = (schema: string) =>
          rows.find((row) => row.schema === schema)?.definition.replace(`${schema}.${name}(`, `${name}(`);
        expect(definition('routines_check'), name).toBeDefined();
        expect(definition('public'), name).toBe(definition('routines_check'));
      }
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
