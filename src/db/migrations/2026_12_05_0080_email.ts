import { type Kysely, sql } from 'kysely';

/**
 * E-mail outbox and templates (docs/email.md). Every e-mail is rendered and written to
 * `email_outbox` in the transaction of what caused it, then sent by the `email_send` job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Saved templates; a kind with none for a locale uses its defaults from the code.
  // `is_default`: the one used when a mail names no template (one per kind and locale).
  await sql`
    create table email_templates (
      id integer generated always as identity primary key,
      kind text not null check (length(kind) between 1 and 64),
      locale text not null check (locale in ('en', 'pt-BR')),
      name text not null check (length(name) between 1 and 200),
      is_default boolean not null default true,
      subject text not null,
      html text not null,
      text text not null default '',
      updated_at timestamptz not null default now(),
      updated_by integer references users (id) on delete set null
    )`.execute(db);
  await sql`
    create unique index email_templates_default_key on email_templates (kind, locale)
    where is_default`.execute(db);
  await sql`create unique index email_templates_name_key on email_templates (kind, locale, lower(name))`.execute(
    db,
  );

  await sql`
    create table email_outbox (
      id bigint generated always as identity primary key,
      kind text not null,
      template_id integer references email_templates (id) on delete set null,
      locale text not null,
      to_address text not null check (length(to_address) between 3 and 254),
      to_name text not null default '',
      subject text not null,
      html text not null,
      text text not null,
      secret boolean not null default false,
      status text not null default 'queued'
        check (status in ('queued', 'held', 'sending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_response text,
      message_id text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      failed_at timestamptz,
      erased_at timestamptz
    )`.execute(db);
  // The sender: due rows, oldest first ('sending' rows whose lease ran out are taken again).
  await sql`
    create index email_outbox_due_idx on email_outbox (next_attempt_at, id)
    where status in ('queued', 'sending')`.execute(db);
  // The Mail page: newest first, all or one status.
  await sql`create index email_outbox_list_idx on email_outbox (id desc)`.execute(db);
  await sql`create index email_outbox_status_idx on email_outbox (status, id desc)`.execute(db);
  // Secret bodies still stored (erasure) and finished rows by age (retention).
  await sql`
    create index email_outbox_secret_idx on email_outbox (created_at)
    where secret and erased_at is null`.execute(db);
  await sql`
    create index email_outbox_done_idx on email_outbox (coalesce(sent_at, failed_at))
    where status in ('sent', 'failed')`.execute(db);

  // Mail bodies hold personal data and one-time links: never for the reports role.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on email_outbox, email_templates from parley_reports;
      end if;
    exception when insufficient_privilege then
      null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists email_outbox`.execute(db);
  await sql`drop table if exists email_templates`.execute(db);
}
