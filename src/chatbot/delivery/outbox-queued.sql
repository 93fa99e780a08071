-- Wakes every delivery loop (delivery/loop.ts listens on parley_bot_outbox) when outbox rows are
-- committed: one notification per statement, merged per transaction by PostgreSQL.

create or replace function bot_outbox_queued() returns trigger language plpgsql as $fn$
begin
  perform pg_notify('parley_bot_outbox', '');
  return null;
end
$fn$;
