-- Trigger functions guarding the chatbot's tables.

-- Revisions, their questionnaires and questions, and analytics events are never changed: a save,
-- an import or a revert adds the next revision (triggers `*_immutable`, `bot_events_append_only`).
create or replace function bot_forbid_change() returns trigger language plpgsql as $fn$
begin
  raise exception '% rows are immutable (% refused)', tg_table_name, tg_op;
end
$fn$;

-- Tag code 0 (no category) must always exist: the analytics join on it (trigger
-- `bot_tag_codes_keep_zero`).
create or replace function bot_keep_tag_zero() returns trigger language plpgsql as $fn$
begin
  if old.id = 0 then raise exception 'tag code 0 (no category) must always exist'; end if;
  return old;
end
$fn$;
