-- Processes keep session lookups in memory for seconds (session-cache.ts); this trigger function
-- tells every one of them, at commit, which sessions ended (trigger `sessions_ended`) and which
-- users changed (trigger `users_changed`).

create or replace function parley_sessions_changed() returns trigger language plpgsql as $fn$
begin
  if tg_table_name = 'sessions' then
    perform pg_notify('parley_sessions', 't:' || old.token_hash);
  else
    perform pg_notify('parley_sessions', 'u:' || new.id);
  end if;
  return null;
end
$fn$;
