import { type Kysely, sql } from 'kysely';

/**
 * What the Spoke importers need on top of the conversation store (docs/audit.md#spoke-imports):
 *
 * - `conversations.is_opted_out`: Spoke's own flag, kept apart from the derived `opted_out`
 *   (flag OR an opt-out row for the contact's cell and the campaign's organization), so that the
 *   derived value can be recomputed whenever either side changes.
 * - `imports` gains the states of an upload (`pending` while files arrive, `queued` until a
 *   worker takes it), a total error count beside the capped error list, a one-line message and
 *   the options the run was started with.
 * - `import_files` / `import_file_chunks`: files uploaded through the API, kept in PostgreSQL
 *   (1 MiB chunks) so any worker process can run the import, and deleted once it ran.
 * - `spoke_boolean` / `spoke_timestamptz` read staged CSV values set-based (and throw on a bad
 *   one); `spoke_is_boolean` / `spoke_is_timestamptz` find the bad ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table conversations add column is_opted_out boolean not null default false`.execute(db);

  await sql`alter table imports drop constraint imports_status_check`.execute(db);
  await sql`alter table imports add constraint imports_status_check
    check (status in ('pending', 'queued', 'running', 'succeeded', 'failed'))`.execute(db);
  await sql`alter table imports
    add column error_count integer not null default 0,
    add column message text,
    add column options jsonb not null default '{}'`.execute(db);
  await sql`create index imports_started_idx on imports (started_at desc)`.execute(db);

  await sql`
    create table import_files (
      id bigint generated always as identity primary key,
      import_id bigint not null references imports (id) on delete cascade,
      name text not null,
      bytes bigint not null default 0,
      uploaded_at timestamptz not null default now(),
      unique (import_id, name)
    )`.execute(db);
  await sql`
    create table import_file_chunks (
      file_id bigint not null references import_files (id) on delete cascade,
      seq integer not null,
      data bytea not null,
      primary key (file_id, seq)
    )`.execute(db);

  // Staged CSV values are read with these, once each. They throw on a bad value (the import then
  // rolls back to before staging and lists every bad value with `spoke_is_boolean` /
  // `spoke_is_timestamptz`, which answer false where the readers throw). Empty text is null.
  // The readers are single expressions, so the planner inlines them.
  await sql`
    create function spoke_boolean(value text) returns boolean
    language sql immutable parallel safe
    as $fn$ select nullif(btrim(value), '')::boolean $fn$`.execute(db);

  await sql`
    create function spoke_invalid_timestamptz(value text) returns timestamptz
    language plpgsql immutable parallel safe
    as $fn$
    begin
      raise exception using errcode = 'invalid_datetime_format', message = format('not a date: %s', left(value, 80));
    end
    $fn$`.execute(db);

  // A date or date-time written year first (ISO 8601, or PostgreSQL's output), read as PostgreSQL
  // reads it; without a zone it is in the session's TimeZone (imports set UTC).
  await sql`
    create function spoke_timestamptz(value text) returns timestamptz
    language sql stable parallel safe
    as $fn$
      select case
        when nullif(btrim(value), '') is null then null
        when btrim(value) like '____-__-__%' then btrim(value)::timestamptz
        else spoke_invalid_timestamptz(value)
      end
    $fn$`.execute(db);

  await sql`
    create function spoke_is_boolean(value text) returns boolean
    language plpgsql stable parallel safe
    as $fn$
    begin
      perform spoke_boolean(value);
      return true;
    exception when others then
      return false;
    end
    $fn$`.execute(db);

  await sql`
    create function spoke_is_timestamptz(value text) returns boolean
    language plpgsql stable parallel safe
    as $fn$
    begin
      perform spoke_timestamptz(value);
      return true;
    exception when others then
      return false;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists spoke_is_boolean(text), spoke_is_timestamptz(text), spoke_boolean(text),
    spoke_timestamptz(text), spoke_invalid_timestamptz(text)`.execute(db);
  await sql`drop table if exists import_file_chunks, import_files`.execute(db);
  await sql`drop index if exists imports_started_idx`.execute(db);
  await sql`alter table imports drop column error_count, drop column message, drop column options`.execute(
    db,
  );
  await sql`alter table imports drop constraint imports_status_check`.execute(db);
  await sql`alter table imports add constraint imports_status_check
    check (status in ('running', 'succeeded', 'failed'))`.execute(db);
  await sql`alter table conversations drop column is_opted_out`.execute(db);
}
