-- Lists the conversations an import (or any writer) added or changed in what the pool keeps or
-- its rules read, so the refresh after an import touches only those (refresh-pool.ts). Statement
-- triggers on `conversations` (migration 2026_12_05_0120_audit_pool_speed): one insert per
-- statement, not one per row.

create or replace function audit_pool_mark_inserted() returns trigger language plpgsql as $fn$
begin
  insert into audit_pool_pending (conversation_id)
  select n.id from new_rows n where n.last_message_at is not null
  on conflict do nothing;
  return null;
end
$fn$;

create or replace function audit_pool_mark_updated() returns trigger language plpgsql as $fn$
begin
  insert into audit_pool_pending (conversation_id)
  select n.id from new_rows n join old_rows o on o.id = n.id
   where n.last_message_at is not null
     and (n.last_message_at, n.texter_id, n.message_count, n.contact_replied, n.campaign_id)
         is distinct from (o.last_message_at, o.texter_id, o.message_count, o.contact_replied, o.campaign_id)
  on conflict do nothing;
  return null;
end
$fn$;
