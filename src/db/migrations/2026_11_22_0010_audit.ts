import { type Kysely, sql } from 'kysely';

/**
 * The audit pool, batches, rubrics and audits (docs/audit.md).
 *
 * Assignment must stay fast on a pool of millions, so:
 * - `audit_campaign_free` keeps, per campaign, the number of free conversations and the time of the
 *   newest one, updated in the same transaction as every assignment, expiry or trim (never counted
 *   at request time);
 * - the claim scans the partial index of free rows from `newest_free_at` downwards, which skips the
 *   dead index entries that earlier claims left above it;
 * - `audit_assign_batch` does the whole rule in one round trip (see its comments). Every writer of
 *   a campaign's free rows first locks that campaign's counts row, so claims never race.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_settings (
      id boolean primary key default true check (id),
      batch_size integer not null default 20 check (batch_size between 1 and 100),
      assignment_ttl_minutes integer not null default 1440 check (assignment_ttl_minutes > 0),
      resume_unfinished boolean not null default true,
      calibration_share real not null default 0 check (calibration_share between 0 and 1),
      pool_contact_replied boolean not null default true,
      pool_campaign_ids integer[],
      pool_since_days integer check (pool_since_days > 0),
      pool_min_messages integer not null default 1 check (pool_min_messages >= 0),
      pool_retention_days integer check (pool_retention_days > 0),
      data_retention_days integer check (data_retention_days > 0),
      updated_at timestamptz not null default now(),
      updated_by integer references users (id)
    )`.execute(db);
  await sql`insert into audit_settings default values`.execute(db);

  await sql`
    create table audit_rubrics (
      id integer generated always as identity primary key,
      version integer not null unique,
      items jsonb not null,
      created_at timestamptz not null default now(),
      created_by integer references users (id)
    )`.execute(db);
  await sql`
    insert into audit_rubrics (version, items) values (1, ${JSON.stringify([
      {
        key: 'question',
        label: 'Survey answers',
        description: 'Survey answers recorded correctly',
        weight: 1,
        critical: false,
      },
      { key: 'tag', label: 'Tags', description: 'Tags applied correctly', weight: 1, critical: false },
      {
        key: 'optout',
        label: 'Opt-out',
        description: 'Opt-out handled correctly',
        weight: 1,
        critical: true,
      },
      { key: 'tone', label: 'Tone', description: 'Respectful and on-script', weight: 1, critical: false },
    ])}::jsonb)`.execute(db);

  await sql`
    create table audit_batches (
      id bigint generated always as identity primary key,
      auditor_id integer not null references users (id) on delete cascade,
      size integer not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      finished_at timestamptz,
      expired_at timestamptz
    )`.execute(db);
  await sql`create index audit_batches_live_idx on audit_batches (auditor_id) where finished_at is null and expired_at is null`.execute(
    db,
  );
  await sql`create index audit_batches_expiry_idx on audit_batches (expires_at) where finished_at is null and expired_at is null`.execute(
    db,
  );

  await sql`
    create table audit_pool (
      conversation_id bigint primary key references conversations (id) on delete cascade,
      campaign_id integer not null references campaigns (id) on delete cascade,
      texter_id integer references texters (id) on delete set null,
      last_message_at timestamptz not null,
      added_at timestamptz not null default now(),
      -- The four columns a claim writes carry no foreign keys: checking them would fire forty
      -- triggers per batch on the hottest path. Users are never deleted (only disabled), and
      -- batches only with their user.
      assigned_to integer,
      assigned_at timestamptz,
      batch_id bigint,
      audited_at timestamptz,
      calibration_to integer,
      calibration_batch_id bigint
    ) with (fillfactor = 80)`.execute(db);
  await sql`create index audit_pool_free_idx on audit_pool (campaign_id, last_message_at desc)
    where assigned_to is null and audited_at is null`.execute(db);
  await sql`create index audit_pool_batch_idx on audit_pool (batch_id) where batch_id is not null`.execute(
    db,
  );
  await sql`create index audit_pool_calibration_batch_idx on audit_pool (calibration_batch_id)
    where calibration_batch_id is not null`.execute(db);
  await sql`create index audit_pool_calibration_free_idx on audit_pool (audited_at desc)
    where audited_at is not null and calibration_to is null`.execute(db);

  // Small and updated on every assignment: room on each page keeps count-only updates HOT.
  await sql`
    create table audit_campaign_free (
      campaign_id integer primary key references campaigns (id) on delete cascade,
      free_count integer not null check (free_count >= 0),
      newest_free_at timestamptz,
      -- free_count >= audit_usual_need(): the campaign can fill a batch of the configured size.
      -- Kept by every writer of free_count and by a settings change.
      fills boolean not null default false
    ) with (fillfactor = 50)`.execute(db);
  // Rule 1 walks campaigns newest first and stops at the first that can fill the batch. Campaigns
  // left with fewer free conversations than a batch stay newest for good (only the end of the
  // pool takes them) and would pile up in front of every such walk, so batches of the configured
  // size walk only the campaigns that can fill them.
  await sql`create index audit_campaign_free_fills_idx on audit_campaign_free (newest_free_at desc, campaign_id)
    where fills`.execute(db);
  await sql`create index audit_campaign_free_newest_idx on audit_campaign_free (newest_free_at desc, campaign_id)
    where free_count > 0`.execute(db);
  // How many conversations of the pool a batch of the configured size takes (the rest of it are
  // calibration conversations).
  await sql`
    create function audit_usual_need() returns integer language sql stable as $fn$
      select batch_size - round(batch_size * calibration_share)::integer from audit_settings
    $fn$`.execute(db);

  await sql`
    create table audits (
      id bigint generated always as identity primary key,
      conversation_id bigint not null references conversations (id) on delete cascade,
      auditor_id integer not null references users (id),
      batch_id bigint references audit_batches (id) on delete set null,
      rubric_id integer not null references audit_rubrics (id),
      scores jsonb not null,
      passed boolean not null,
      score real not null,
      note text not null default '',
      calibration boolean not null default false,
      time_spent_ms integer,
      created_at timestamptz not null,
      unique (conversation_id, auditor_id)
    )`.execute(db);
  await sql`create index audits_auditor_idx on audits (auditor_id, created_at desc)`.execute(db);

  await sql`
    create function audit_assign_batch(p_auditor integer, p_size integer, p_now timestamptz)
    returns bigint
    language plpgsql
    as $fn$
    -- Gives auditor p_auditor a batch of p_size conversations (null: the configured size) by
    -- docs/audit.md and returns its id, or null when nothing is eligible. One round trip; safe
    -- under any concurrency.
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
    $fn$`.execute(db);

  await sql`
    create function audit_claim(p_batch bigint, p_auditor integer, p_campaign integer,
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
    $fn$`.execute(db);

  // A batch's conversations, newest first, with whether its auditor has scored each.
  await sql`
    create function audit_batch_items(p_batch bigint)
    returns table (conversation_id bigint, campaign_id integer, campaign_title text, texter_id integer,
                   texter_first_name text, texter_last_name text, texter_email text, texter_audit_date timestamptz,
                   last_message_at timestamptz, message_count integer, calibration boolean, audited_at timestamptz)
    language sql stable
    as $fn$
      select p.conversation_id, p.campaign_id, ca.title, t.id, t.first_name, t.last_name, t.email, t.texter_audit_date,
             p.last_message_at, co.message_count, coalesce(p.calibration_batch_id = b.id, false), a.created_at
        from audit_batches b
        join audit_pool p on p.batch_id = b.id or p.calibration_batch_id = b.id
        join campaigns ca on ca.id = p.campaign_id
        join conversations co on co.id = p.conversation_id
        left join texters t on t.id = co.texter_id
        left join audits a on a.conversation_id = p.conversation_id and a.auditor_id = b.auditor_id
       where b.id = p_batch
       order by p.last_message_at desc, p.conversation_id desc
    $fn$`.execute(db);

  // Assignment and the batch it produced in one round trip (a statement cannot see rows its own
  // function call wrote, but the next statement inside a function can).
  await sql`
    create function audit_take_batch(p_auditor integer, p_size integer, p_now timestamptz)
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
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists audit_take_batch, audit_batch_items, audit_assign_batch, audit_claim, audit_usual_need`.execute(
    db,
  );
  await sql`drop table if exists audits, audit_campaign_free, audit_pool, audit_batches, audit_rubrics, audit_settings`.execute(
    db,
  );
}
