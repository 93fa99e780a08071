-- The batch rule (docs/audit.md): assign-batch.ts calls `audit_take_batch`, which assigns by
-- `audit_assign_batch` and reads the batch back with `audit_batch_items` (../batch-items.sql).
--
-- Assignment must stay fast on a pool of millions, so:
-- - `audit_campaign_free` keeps, per campaign, the number of free conversations and the time of
--   the newest one, updated in the same transaction as every assignment, expiry or trim (never
--   counted at request time);
-- - the claim scans the partial index of free rows from `newest_free_at` downwards, which skips
--   the dead index entries that earlier claims left above it;
-- - `audit_assign_batch` does the whole rule in one round trip. Every writer of a campaign's free
--   rows first locks that campaign's counts row (campaign-locks.ts), so claims never race.

-- Assignment and the batch it produced in one round trip (a statement cannot see rows its own
-- function call wrote, but the next statement inside a function can).
create or replace function audit_take_batch(p_auditor integer, p_size integer, p_now timestamptz)
returns table (batch_id bigint, created_at timestamptz, expires_at timestamptz, conversation_id bigint,
               campaign_id integer, campaign_title text, texter_id integer, texter_first_name text,
               texter_last_name text, texter_email text, texter_audit_date timestamptz,
               last_message_at timestamptz, message_count integer, calibration boolean, audited_at timestamptz)
language plpgsql
as $fn$
declare
  v_batch bigint := audit_assign_batch(p_auditor, p_size, p_now);
begin
  if v_batch is null then
    return;
  end if;
  return query
    select b.id, b.created_at, b.expires_at, i.*
      from audit_batches b cross join audit_batch_items(v_batch) i
     where b.id = v_batch;
end
$fn$;

create or replace function audit_assign_batch(p_auditor integer, p_size integer, p_now timestamptz)
returns bigint
language plpgsql
as $fn$
-- Gives auditor p_auditor a batch of p_size conversations (null: the configured size) by the
-- batch rule (docs/audit.md) and returns its id, or null when nothing is eligible. One round
-- trip; safe under any concurrency.
declare
  v_settings audit_settings;
  v_size integer;
  v_calibration integer;
  v_batch bigint;
  v_campaign record;
  v_locked record;
  v_needed integer;
  v_usual integer;
  v_take integer;
  v_claimed integer;
  v_total integer := 0;
  v_calibrated integer := 0;
begin
  -- One request per auditor at a time, so "his unfinished batch" is well defined.
  perform pg_advisory_xact_lock(hashtext('audit_assign'), p_auditor);
  select * into v_settings from audit_settings;
  v_size := coalesce(p_size, v_settings.batch_size);
  v_calibration := round(v_size * v_settings.calibration_share)::integer;
  if v_settings.resume_unfinished then
    select b.id into v_batch from audit_batches b
     where b.auditor_id = p_auditor and b.finished_at is null and b.expired_at is null and b.expires_at > p_now
     order by b.id desc limit 1;
    if v_batch is not null then
      return v_batch;
    end if;
  end if;

  -- The batch row is written once, at the end, with its real size.
  v_batch := nextval(pg_get_serial_sequence('audit_batches', 'id'));

  -- Calibration first: conversations someone else audited, shown blind to a second auditor;
  -- the pool fills whatever calibration cannot, so the batch stays full.
  if v_calibration > 0 then
    with picked as (
      select p.conversation_id from audit_pool p
       where p.audited_at is not null and p.calibration_to is null and p.assigned_to <> p_auditor
       order by p.audited_at desc
       limit v_calibration
         for update skip locked
    )
    update audit_pool p set calibration_to = p_auditor, calibration_batch_id = v_batch
      from picked where p.conversation_id = picked.conversation_id;
    get diagnostics v_calibrated = row_count;
  end if;

  v_needed := v_size - v_calibrated;
  v_usual := v_settings.batch_size - round(v_settings.batch_size * v_settings.calibration_share)::integer;

  -- Rule 1: one campaign that can fill the batch, the one with the most recent free
  -- conversation. A campaign being assigned by a concurrent request at this very moment is
  -- skipped (SKIP LOCKED) and the next best taken instead of waiting: the one deviation the
  -- rule allows.
  if v_needed = v_usual and v_needed > 0 then
    -- free_count is checked too: a settings change may be committing right now.
    select c.campaign_id, c.free_count, c.newest_free_at into v_campaign
      from audit_campaign_free c
     where c.fills and c.free_count >= v_needed
     order by c.newest_free_at desc, c.campaign_id
     limit 1
       for update skip locked;
  else
    select c.campaign_id, c.free_count, c.newest_free_at into v_campaign
      from audit_campaign_free c
     where c.free_count >= v_needed and c.free_count > 0 and v_needed > 0
     order by c.newest_free_at desc, c.campaign_id
     limit 1
       for update skip locked;
  end if;
  if found then
    v_total := audit_claim(v_batch, p_auditor, v_campaign.campaign_id, v_campaign.newest_free_at, v_needed, p_now, v_usual);
  end if;

  -- Rule 2, the end of the pool: the fewest campaigns that together fill the batch, largest
  -- first (ties: most recent first), each giving its newest.
  if v_total < v_needed then
    for v_campaign in
      select c.campaign_id, c.free_count, c.newest_free_at
        from audit_campaign_free c
       where c.free_count > 0
       order by c.free_count desc, c.newest_free_at desc, c.campaign_id
         for update skip locked
    loop
      v_take := least(v_campaign.free_count, v_needed - v_total);
      v_claimed := audit_claim(v_batch, p_auditor, v_campaign.campaign_id, v_campaign.newest_free_at, v_take, p_now, v_usual);
      v_total := v_total + v_claimed;
      exit when v_total >= v_needed;
    end loop;
  end if;

  -- Still short while free conversations remain: they sit in campaigns other requests hold
  -- right now. A batch must be full while enough are eligible, so wait for those campaigns
  -- (in id order; a deadlock with another waiter aborts one of us and the caller retries).
  if v_total < v_needed then
    for v_campaign in
      select c.campaign_id from audit_campaign_free c
       where c.free_count > 0
       order by c.campaign_id
    loop
      select c.campaign_id, c.free_count, c.newest_free_at into v_locked
        from audit_campaign_free c where c.campaign_id = v_campaign.campaign_id for update;
      continue when v_locked.free_count = 0;
      v_take := least(v_locked.free_count, v_needed - v_total);
      v_claimed := audit_claim(v_batch, p_auditor, v_locked.campaign_id, v_locked.newest_free_at, v_take, p_now, v_usual);
      v_total := v_total + v_claimed;
      exit when v_total >= v_needed;
    end loop;
  end if;

  if v_total + v_calibrated = 0 then
    return null;
  end if;
  insert into audit_batches (id, auditor_id, size, created_at, expires_at)
  overriding system value
  values (v_batch, p_auditor, v_total + v_calibrated, p_now,
          p_now + make_interval(mins => v_settings.assignment_ttl_minutes));
  return v_batch;
end
$fn$;

create or replace function audit_claim(p_batch bigint, p_auditor integer, p_campaign integer,
                                       p_newest timestamptz, p_take integer, p_now timestamptz, p_usual integer)
returns integer
language plpgsql
as $fn$
-- Claims the p_take newest free conversations of a campaign whose counts row the caller has
-- locked; ties in time go to texters audited least recently. Reads one row more to learn the
-- campaign's next newest free time. The scan starts at p_newest: the entries above it are
-- the dead ones earlier claims left in the partial index.
declare
  v_claimed integer;
  v_next timestamptz;
begin
  with candidates as (
    select p.conversation_id, p.last_message_at,
           row_number() over (order by p.last_message_at desc, p.audit_date asc nulls first, p.conversation_id desc) as n
      from (
        select p.conversation_id, p.last_message_at, t.texter_audit_date as audit_date
          from audit_pool p
          left join texters t on t.id = p.texter_id
         where p.campaign_id = p_campaign and p.assigned_to is null and p.audited_at is null
           and p.last_message_at <= p_newest
         order by p.last_message_at desc, t.texter_audit_date asc nulls first, p.conversation_id desc
         limit p_take + 1
      ) p
  ),
  claimed as (
    update audit_pool p set assigned_to = p_auditor, assigned_at = p_now, batch_id = p_batch
      from candidates c
     where p.conversation_id = c.conversation_id and c.n <= p_take
    returning 1
  )
  select (select count(*) from claimed), (select c.last_message_at from candidates c where c.n = p_take + 1)
    into v_claimed, v_next;
  update audit_campaign_free
     set free_count = free_count - v_claimed,
         newest_free_at = case when free_count - v_claimed > 0 then v_next end,
         fills = free_count - v_claimed >= p_usual
   where campaign_id = p_campaign;
  return v_claimed;
end
$fn$;
