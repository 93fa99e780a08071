-- How many conversations of the pool a batch of the configured size takes (the rest of it are
-- calibration conversations). `audit_campaign_free.fills` is `free_count >= audit_usual_need()`,
-- kept by every writer of free_count (campaign-locks.ts, audit_claim) and by a settings change.

create or replace function audit_usual_need() returns integer language sql stable as $fn$
  select batch_size - round(batch_size * calibration_share)::integer from audit_settings
$fn$;
