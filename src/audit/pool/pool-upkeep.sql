-- How the pool follows the conversation store (docs/audit.md#pool-rules). Statement triggers on
-- `conversations` (migrations 2026_12_05_0120_audit_pool_speed and 2026_12_05_0200_pool_at_insert),
-- one call per statement, not one per row:
-- - new conversations that the pool rules take enter the pool in the statement that inserts them
--   (an import's COPY), so the refresh after an import has nothing left to add for them;
-- - changed ones are listed in `audit_pool_pending` for the refresh after the import
--   (refresh-pool.ts), which compares only those;
-- - deleted ones leave the pool (in place of a foreign key, which costs a lookup and a row lock
--   on the conversation for every pool row an import adds).

-- The pool rules of settings `s` over one conversation, at time `at`. Inlined by the planner.
create or replace function audit_pool_eligible(
  s audit_settings, contact_replied boolean, message_count integer, campaign_id integer,
  last_message_at timestamptz, at timestamptz
) returns boolean language sql stable as $fn$
  select (not s.pool_contact_replied or contact_replied)
     and message_count >= s.pool_min_messages
     and (s.pool_campaign_ids is null or campaign_id = any(s.pool_campaign_ids))
     and (s.pool_since_days is null or last_message_at >= at - make_interval(days => s.pool_since_days))
     and (s.pool_retention_days is null
          or last_message_at >= at - make_interval(days => s.pool_retention_days))
$fn$;

-- Locks the counts rows of `ids` (creating missing ones) in campaign id order — the order every
-- multi-campaign writer uses, so writers never deadlock each other (campaign-locks.ts).
create or replace function audit_lock_campaigns(ids integer[]) returns void language plpgsql as $fn$
begin
  insert into audit_campaign_free (campaign_id, free_count)
  select id, 0 from unnest(ids) as id order by id
  on conflict (campaign_id) do nothing;
  perform 1 from audit_campaign_free where campaign_id = any(ids) order by campaign_id for update;
end
$fn$;

-- Counts the free pool rows of `ids` again, exactly (`fills` by audit_usual_need, usual-need.sql).
create or replace function audit_recount_campaigns(ids integer[]) returns void language sql as $fn$
  update audit_campaign_free c
     set free_count = coalesce(f.n, 0), newest_free_at = f.newest, fills = coalesce(f.n, 0) >= audit_usual_need()
    from unnest(ids) as ids(id)
    left join lateral (
      select count(*)::int as n, max(p.last_message_at) as newest
        from audit_pool p
       where p.campaign_id = ids.id and p.assigned_to is null and p.audited_at is null
    ) f on true
   where c.campaign_id = ids.id
$fn$;

create or replace function audit_pool_enter_inserted() returns trigger language plpgsql as $fn$
declare
  campaign_ids integer[];
  entered_counts integer[];
  newest_times timestamptz[];
begin
  -- New conversations are in no pool row yet, and no one else can see them before this commits:
  -- a plain insert, read once, then the counts locked (in campaign id order) and added to.
  with entered as (
    insert into audit_pool (conversation_id, campaign_id, texter_id, last_message_at, added_at)
    select n.id, n.campaign_id, n.texter_id, n.last_message_at, now()
      from new_rows n cross join audit_settings s
     where n.last_message_at is not null
       and audit_pool_eligible(s, n.contact_replied, n.message_count, n.campaign_id, n.last_message_at, now())
    returning campaign_id, last_message_at
  )
  select array_agg(campaign_id order by campaign_id), array_agg(n order by campaign_id),
         array_agg(newest order by campaign_id)
    into campaign_ids, entered_counts, newest_times
    from (select campaign_id, count(*)::int as n, max(last_message_at) as newest
            from entered group by campaign_id) per_campaign;
  if campaign_ids is null then
    return null;
  end if;
  perform audit_lock_campaigns(campaign_ids);
  update audit_campaign_free f
     set free_count = f.free_count + e.n,
         newest_free_at = greatest(f.newest_free_at, e.newest),
         fills = f.free_count + e.n >= audit_usual_need()
    from unnest(campaign_ids, entered_counts, newest_times) as e(campaign_id, n, newest)
   where f.campaign_id = e.campaign_id;
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

create or replace function audit_pool_forget_deleted() returns trigger language plpgsql as $fn$
declare
  campaign_ids integer[];
begin
  -- A refresh holds this lock from before it reads conversations until it commits the pool rows
  -- it adds: once we have it, no refresh can still add a row for a conversation deleted here.
  perform pg_advisory_xact_lock(hashtext('audit_refresh_pool'));
  select array_agg(distinct p.campaign_id) into campaign_ids
    from audit_pool p join old_rows o on o.id = p.conversation_id;
  if campaign_ids is null then
    return null;
  end if;
  perform audit_lock_campaigns(campaign_ids);
  delete from audit_pool p using old_rows o where p.conversation_id = o.id;
  perform audit_recount_campaigns(campaign_ids);
  return null;
end
$fn$;
