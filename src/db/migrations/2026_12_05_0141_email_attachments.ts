import { type Kysely, sql } from 'kysely';

/**
 * Files attached to an outbox mail (docs/email.md, "Attachments"): written by queueEmail with its
 * mail, read by the sender, deleted once the mail is sent or with the mail. Written only by
 * src/email/.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_attachments (
      id bigint generated always as identity primary key,
      outbox_id bigint not null references email_outbox (id) on delete cascade,
      filename text not null check (length(filename) between 1 and 200),
      content_type text not null check (length(content_type) between 1 and 200),
      content bytea not null
    )`.execute(db);
  await sql`create index email_attachments_outbox_idx on email_attachments (outbox_id)`.execute(db);
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on email_attachments from parley_reports;
      end if;
    exception when insufficient_privilege then
      null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists email_attachments`.execute(db);
}
