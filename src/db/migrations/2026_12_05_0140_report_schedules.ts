import { type Kysely, sql } from 'kysely';

/**
 * Report schedules and checks (docs/reports.md, "Schedules and checks"): a cron expression, the
 * staff it mails, what it sends, and the state of its last run. Written only by src/reports/.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report_schedules (
      id integer generated always as identity primary key,
      -- By name, like report_runs: built-in reports have no row in reports. Renaming or deleting
      -- a saved report carries its schedules along (src/reports/store.ts).
      report_name text not null,
      cron text not null check (length(cron) between 1 and 200),
      time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
      kind text not null
        check (kind in ('email', 'alert_when_rows', 'alert_when_empty', 'alert_when_change')),
      change_percent double precision check (change_percent > 0 and change_percent <= 1000000),
      params jsonb not null default '{}',
      enabled boolean not null default true,
      next_run_at timestamptz not null,
      -- A run holds the schedule while it works; a process that died leaves it to the lease's end.
      running_since timestamptz,
      last_run_at timestamptz,
      last_run_id bigint references report_runs (id) on delete set null,
      last_status text check (last_status in ('sent', 'empty', 'alert', 'alerting', 'ok', 'failed')),
      last_error text,
      last_error_code text,
      -- Rows of the last run that did not fail: the baseline of alert_when_change.
      last_row_count integer,
      -- A check's state: alerted and not cleared since (mail only when it changes).
      alerting boolean not null default false,
      failing_since timestamptz,
      created_by integer references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'alert_when_change') = (change_percent is not null))
    )`.execute(db);
  await sql`create index report_schedules_due_idx on report_schedules (next_run_at) where enabled`.execute(
    db,
  );
  await sql`create index report_schedules_report_idx on report_schedules (report_name)`.execute(db);
  await sql`
    create table report_schedule_recipients (
      schedule_id integer not null references report_schedules (id) on delete cascade,
      user_id integer not null references users (id) on delete cascade,
      primary key (schedule_id, user_id)
    )`.execute(db);
  await sql`create index report_schedule_recipients_user_idx on report_schedule_recipients (user_id)`.execute(
    db,
  );
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        -- Schedules hold run parameters and errors quoting report SQL: not for reports to read.
        revoke all on report_schedules, report_schedule_recipients from parley_reports;
      end if;
    exception when insufficient_privilege then
      raise notice 'report schedule grants for parley_reports not set: %', sqlerrm;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists report_schedule_recipients, report_schedules`.execute(db);
}
