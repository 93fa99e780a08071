import { type Kysely, sql } from 'kysely';

/** Staff accounts, sessions, login throttling, instance metadata and the read-only reports role. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id integer generated always as identity primary key,
      email text not null check (length(email) between 3 and 254),
      name text not null default '',
      role text not null check (role in ('admin', 'moderator', 'auditor')),
      password_hash text not null,
      disabled boolean not null default false,
      created_at timestamptz not null default now(),
      last_login_at timestamptz,
      password_changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  // The cookie carries a random token; only its SHA-256 is stored, so a database leak yields no session.
  await sql`
    create table sessions (
      token_hash text primary key,
      user_id integer not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user_id_idx on sessions (user_id)`.execute(db);
  await sql`create index sessions_expires_at_idx on sessions (expires_at)`.execute(db);

  // Processes keep session lookups in memory for seconds (src/users/sessionCache.ts); these tell
  // every one of them, at commit, which sessions ended and which users changed.
  await sql`
    create function parley_sessions_changed() returns trigger language plpgsql as $fn$
    begin
      if tg_table_name = 'sessions' then
        perform pg_notify('parley_sessions', 't:' || old.token_hash);
      else
        perform pg_notify('parley_sessions', 'u:' || new.id);
      end if;
      return null;
    end
    $fn$`.execute(db);
  await sql`create trigger sessions_ended after delete on sessions
    for each row execute function parley_sessions_changed()`.execute(db);
  await sql`create trigger users_changed after update on users
    for each row execute function parley_sessions_changed()`.execute(db);

  await sql`
    create table login_failures (
      email_key text primary key,
      failures integer not null,
      last_failed_at timestamptz not null
    )`.execute(db);

  await sql`
    create table app_meta (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // Reports run as this role: it can read, never write. Roles are cluster-wide, so
  // another database on the same server may have created it already; a database user without
  // CREATEROLE (some managed services) gets a notice and reports fall back to read-only transactions.
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'parley_reports') then
        create role parley_reports login nosuperuser nocreatedb nocreaterole noinherit;
      end if;
      execute format('grant connect on database %I to parley_reports', current_database());
      grant usage on schema public to parley_reports;
      grant select on all tables in schema public to parley_reports;
      alter default privileges in schema public grant select on tables to parley_reports;
      -- Secrets are never readable by reports.
      revoke all on sessions, login_failures from parley_reports;
      revoke select on users from parley_reports;
      grant select (id, email, name, role, disabled, created_at, last_login_at) on users to parley_reports;
      begin
        execute format('grant parley_reports to %I', current_user);
      exception when others then
        raise notice 'could not grant parley_reports to %: %', current_user, sqlerrm;
      end;
    exception when insufficient_privilege then
      raise notice 'parley_reports role not set up: %', sqlerrm;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists app_meta, login_failures, sessions, users`.execute(db);
  await sql`drop function if exists parley_sessions_changed`.execute(db);
}
