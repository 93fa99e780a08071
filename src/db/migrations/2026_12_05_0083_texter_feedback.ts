import { type Kysely, sql } from 'kysely';

/**
 * Feedback e-mails to texters (docs/feedback.md): an admin's correction of a texter's address,
 * every send, and the texters who asked for no more feedback. All keyed to texters and deleted
 * with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The imported `email` is the Spoke import's to overwrite; an admin's correction lives beside it
  // so that a re-import never undoes it. The address used is coalesce(email_override, email).
  await sql`
    alter table texters
      add column email_override text check (length(email_override) between 3 and 254),
      add column email_override_at timestamptz,
      add column email_override_by integer references users (id) on delete set null`.execute(db);

  // One row per e-mail sent. The first send of a texter and period is unique: a second bulk send
  // (or two at once) inserts nothing. A resend is explicit and points at the first send.
  await sql`
    create table feedback_sends (
      id bigint generated always as identity primary key,
      texter_id integer not null references texters (id) on delete cascade,
      period_from date not null,
      period_to date not null check (period_to >= period_from),
      template_id integer references email_templates (id) on delete set null,
      locale text not null,
      sent_by integer references users (id) on delete set null,
      sent_at timestamptz not null,
      outbox_id bigint references email_outbox (id) on delete set null,
      to_address text not null,
      subject text not null,
      body_text text not null,
      resend_of bigint references feedback_sends (id) on delete cascade
    )`.execute(db);
  await sql`
    create unique index feedback_sends_once_key on feedback_sends (texter_id, period_from, period_to)
    where resend_of is null`.execute(db);
  await sql`create index feedback_sends_log_idx on feedback_sends (id desc)`.execute(db);
  await sql`create index feedback_sends_texter_idx on feedback_sends (texter_id, id desc)`.execute(db);
  await sql`create index feedback_sends_outbox_idx on feedback_sends (outbox_id)`.execute(db);
  await sql`create index feedback_sends_resend_idx on feedback_sends (resend_of) where resend_of is not null`.execute(
    db,
  );

  await sql`
    create table texter_feedback_optouts (
      texter_id integer primary key references texters (id) on delete cascade,
      opted_out_at timestamptz not null,
      via text not null check (via in ('link', 'admin')),
      by_user integer references users (id) on delete set null
    )`.execute(db);

  // Rendered feedback holds what texters and contacts wrote: never for the reports role.
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on feedback_sends, texter_feedback_optouts from parley_reports;
      end if;
    exception when insufficient_privilege then
      null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists texter_feedback_optouts, feedback_sends`.execute(db);
  await sql`
    alter table texters drop column if exists email_override, drop column if exists email_override_at,
      drop column if exists email_override_by`.execute(db);
}
