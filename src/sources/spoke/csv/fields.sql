-- Staged CSV values are read with these (fields.ts), once each. The readers throw on a bad value
-- (the import then rolls back to before staging and lists every bad value with `spoke_is_boolean`
-- / `spoke_is_timestamptz`, which answer false where the readers throw). Empty text is null.
-- The readers are single expressions, so the planner inlines them.

create or replace function spoke_boolean(value text) returns boolean
language sql immutable parallel safe
as $fn$ select nullif(btrim(value), '')::boolean $fn$;

create or replace function spoke_invalid_timestamptz(value text) returns timestamptz
language plpgsql immutable parallel safe
as $fn$
begin
  raise exception using errcode = 'invalid_datetime_format', message = format('not a date: %s', left(value, 80));
end
$fn$;

-- A date or date-time written year first (ISO 8601, or PostgreSQL's output), read as PostgreSQL
-- reads it; without a zone it is in the session's TimeZone (imports set UTC).
create or replace function spoke_timestamptz(value text) returns timestamptz
language sql stable parallel safe
as $fn$
  select case
    when nullif(btrim(value), '') is null then null
    when btrim(value) like '____-__-__%' then btrim(value)::timestamptz
    else spoke_invalid_timestamptz(value)
  end
$fn$;

create or replace function spoke_is_boolean(value text) returns boolean
language plpgsql stable parallel safe
as $fn$
begin
  perform spoke_boolean(value);
  return true;
exception when others then
  return false;
end
$fn$;

create or replace function spoke_is_timestamptz(value text) returns boolean
language plpgsql stable parallel safe
as $fn$
begin
  perform spoke_timestamptz(value);
  return true;
exception when others then
  return false;
end
$fn$;
