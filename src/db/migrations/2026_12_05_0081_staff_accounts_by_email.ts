import { type Kysely, sql } from 'kysely';

/**
 * Invitations, password resets and each account's language (docs/accounts.md). An invited user
 * has no password until they set one by their link: `password_hash` becomes nullable, and sign-in
 * checks a dummy hash instead, so such an account answers like a wrong password.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The language codes of common/languages.ts.
  await sql`
    alter table users
      add column language text not null default 'en' check (language in ('en', 'pt-BR')),
      alter column password_hash drop not null`.execute(db);

  // One-time links: the e-mail carries a random token, only its SHA-256 is stored (as for sessions).
  await sql`
    create table user_tokens (
      token_hash text primary key,
      user_id integer not null references users (id) on delete cascade,
      purpose text not null check (purpose in ('invite', 'reset')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index user_tokens_user_id_idx on user_tokens (user_id, purpose)`.execute(db);
  await sql`create index user_tokens_expires_at_idx on user_tokens (expires_at)`.execute(db);

  // "Forgot password" requests per e-mail and per client address, counted in fixed windows
  // (key 'email:<lower-cased address>' or 'ip:<address>'), shared by every process.
  await sql`
    create table password_reset_requests (
      key text primary key,
      requests integer not null,
      window_started_at timestamptz not null
    )`.execute(db);

  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'parley_reports') then
        revoke all on user_tokens, password_reset_requests from parley_reports;
        grant select (language) on users to parley_reports;
      end if;
    exception when insufficient_privilege then
      null;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists password_reset_requests, user_tokens`.execute(db);
  await sql`update users set password_hash = '!' where password_hash is null`.execute(db);
  await sql`
    alter table users
      drop column if exists language,
      alter column password_hash set not null`.execute(db);
}
