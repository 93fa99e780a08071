import { type Kysely, sql } from 'kysely';

/** Reports: saved SQL, parameters, runs, data sources, schedules (docs/reports.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reports (
      id integer generated always as identity primary key,
      name text not null unique check (name ~ '^[a-z0-9][a-z0-9_-]{0,79}$'),
      title text not null default '',
      description text not null default '',
      body text not null check (length(body) <= 200000),
      source_id integer,
      search_path text check (search_path ~ '^[a-z_][a-z0-9_]*(, *[a-z_][a-z0-9_]*)*$'),
      timeout_seconds integer check (timeout_seconds between 1 and 86400),
      -- Roles besides admin that may run it (admins run everything).
      run_roles text[] not null default '{}',
      created_by integer references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table report_runs (
      id bigint generated always as identity primary key,
      report_name text not null,
      user_id integer references users (id) on delete set null,
      via text not null check (via in ('web', 'cli', 'export', 'schedule')),
      params jsonb not null default '{}',
      started_at timestamptz not null default now(),
      duration_ms integer,
      row_count integer,
      truncated boolean not null default false,
      error text
    )`.execute(db);
  await sql`create index report_runs_report_idx on report_runs (report_name, started_at desc)`.execute(db);
  await sql`
    create table report_sources (
      id integer generated always as identity primary key,
      name text not null unique check (length(name) between 1 and 80),
      url_sealed bytea not null,
      created_by integer references users (id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    alter table reports add constraint reports_source_fk
      foreign key (source_id) references report_sources (id) on delete restrict`.execute(db);

  // PenhaS's analytics views move to their own schema: a report that sets `search_path` to penhas
  // reads like PenhaS's dashboards, and the public schema keeps only Parley's own names.
  await sql`create schema if not exists penhas`.execute(db);
  for (const view of ['conversa', 'analytics', 'step_code', 'tag_code']) {
    await sql`alter view ${sql.id('public', view)} set schema penhas`.execute(db);
  }
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        grant usage on schema penhas to parley_reports;
        grant select on all tables in schema penhas to parley_reports;
        -- Report SQL, run parameters and data source URLs are not for reports to read.
        revoke all on reports, report_runs, report_sources from parley_reports;
      end if;
    exception when insufficient_privilege then
      raise notice 'reports grants for parley_reports not set: %', sqlerrm;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const view of ['conversa', 'analytics', 'step_code', 'tag_code']) {
    await sql`alter view if exists ${sql.id('penhas', view)} set schema public`.execute(db);
  }
  await sql`drop schema if exists penhas`.execute(db);
  await sql`drop table if exists report_runs, reports, report_sources`.execute(db);
}
