import type pg from 'pg';

/**
 * The roles of the embedded cluster. Parley's processes connect as `parley_app`, which owns the
 * database and everything in it but is no superuser: it cannot read or write the server's files,
 * run programs (`COPY … TO PROGRAM`), change server settings or create roles, so a bug or an
 * injected statement in the app is limited to Parley's own data. The bootstrap superuser
 * (`postgres`, whose password sits in the data dir) is used only here, at start, for what needs it:
 * creating the roles, the database, and handing over objects an older Parley created as superuser.
 */
export const APP_ROLE = 'parley_app';

/** The read-only role reports use (see the first migration, which grants it its privileges). */
export const REPORTS_ROLE = 'parley_reports';

/**
 * Creates the app role (or brings it back to its attributes and password) and the reports role,
 * made a member of the app role's grants so the app can `SET ROLE parley_reports`. The reports
 * role is created here because the app role has no CREATEROLE: the first migration then finds it
 * and only grants on the tables its owner (the app role) created. The reports role gets a
 * password of its own so reports log in as it: a session that *is* `parley_reports` has no other
 * role to switch to, whatever a query manages to call. Run on the `postgres` database.
 */
export async function ensureRoles(
  superuser: pg.Client,
  passwords: { app: string; reports: string },
): Promise<void> {
  const app = superuser.escapeIdentifier(APP_ROLE);
  const reports = superuser.escapeIdentifier(REPORTS_ROLE);
  const exists = async (role: string) =>
    ((await superuser.query('select 1 from pg_roles where rolname = $1', [role])).rowCount ?? 0) > 0;
  const attributes = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls';
  const password = superuser.escapeLiteral(passwords.app);
  const reportsAttributes = `login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls password ${superuser.escapeLiteral(passwords.reports)}`;
  try {
    if (!(await exists(APP_ROLE)))
      await superuser.query(`create role ${app} ${attributes} password ${password}`);
    // Every start: the password file is the truth, and no one may have made the role a superuser.
    else await superuser.query(`alter role ${app} ${attributes} password ${password}`);
    if (!(await exists(REPORTS_ROLE))) await superuser.query(`create role ${reports} ${reportsAttributes}`);
    else await superuser.query(`alter role ${reports} ${reportsAttributes}`);
    await superuser.query(`grant ${reports} to ${app}`);
  } catch (error) {
    // Two processes may race to create a role (they start under one lock, but be safe): 23505/42710.
    if (!['23505', '42710'].includes((error as { code?: string }).code ?? '')) throw error;
  }
}

/**
 * Hands the database and every object in it that the bootstrap superuser owns over to the app
 * role: a data dir from a Parley that connected as superuser has all its tables, functions and
 * the job queue's schema owned by `postgres`. `REASSIGN OWNED` refuses the bootstrap superuser,
 * hence the catalog walk. Nothing to do (a few catalog reads) on a database made by the app role.
 * Run as the superuser, connected to the app's database.
 */
export async function handOver(superuser: pg.Client): Promise<void> {
  await superuser.query('begin');
  try {
    await superuser.query(
      `select set_config('parley.app_role', $1, true), set_config('parley.reports_role', $2, true)`,
      [APP_ROLE, REPORTS_ROLE],
    );
    await superuser.query(HAND_OVER);
    await superuser.query('commit');
  } catch (error) {
    await superuser.query('rollback').catch(() => undefined);
    throw error;
  }
}

const HAND_OVER = `
do $$
declare
  app name := current_setting('parley.app_role');
  reports name := current_setting('parley.reports_role');
  old oid := (select oid from pg_roles where rolname = current_user);
  user_schemas oid[] := array(
    select oid from pg_namespace
     where nspname not like 'pg\\_%' and nspname <> 'information_schema');
  r record;
begin
  if (select datdba from pg_database where datname = current_database()) = old then
    execute format('alter database %I owner to %I', current_database(), app);
  end if;
  for r in select nspname from pg_namespace where oid = any(user_schemas) and nspowner = old loop
    execute format('alter schema %I owner to %I', r.nspname, app);
  end loop;
  -- Tables bring their indexes, row types and the sequences of their serial/identity columns.
  for r in
    select c.oid::regclass as name,
           case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                          when 'S' then 'sequence' when 'f' then 'foreign table' else 'table' end as kind
      from pg_class c
     where c.relnamespace = any(user_schemas) and c.relowner = old
       and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
     order by c.relkind = 'S'
  loop
    -- A sequence owned by a column was handed over with its table just now.
    if (select relowner from pg_class where oid = r.name) = old then
      execute format('alter %s %s owner to %I', r.kind, r.name, app);
    end if;
  end loop;
  for r in
    select p.oid::regprocedure as name,
           case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end as kind
      from pg_proc p
     where p.pronamespace = any(user_schemas) and p.proowner = old
       and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  loop
    execute format('alter %s %s owner to %I', r.kind, r.name, app);
  end loop;
  -- Enums, ranges, domains and free-standing composite types (a table's row type went with it).
  for r in
    select t.oid::regtype as name, case t.typtype when 'd' then 'domain' else 'type' end as kind
      from pg_type t
     where t.typnamespace = any(user_schemas) and t.typowner = old
       and t.typtype in ('e', 'r', 'd', 'c')
       and (t.typrelid = 0 or (select relkind from pg_class where oid = t.typrelid) = 'c')
       and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')
  loop
    if (select typowner from pg_type where oid = r.name) = old then
      execute format('alter %s %s owner to %I', r.kind, r.name, app);
    end if;
  end loop;
  -- Tables the app creates from now on are readable by reports, as the first migration set up
  -- for the role that created the tables before.
  if exists (select 1 from pg_roles where rolname = reports) then
    execute format('alter default privileges for role %I in schema public grant select on tables to %I',
                   app, reports);
  end if;
end
$$`;
