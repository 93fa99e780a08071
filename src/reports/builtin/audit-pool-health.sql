-- Audit pool health
-- Per day of the last N days: conversations added to the pool and audited; and now: free, assigned, expired claims.
-- @roles: moderator
-- [params]
-- int :days = 14
SELECT d::date AS day,
       (SELECT count(*) FROM audit_pool p WHERE p.added_at::date = d::date) AS added,
       (SELECT count(*) FROM audit_pool p WHERE p.audited_at::date = d::date) AS audited,
       (SELECT count(*) FROM audit_pool p WHERE p.assigned_to IS NULL AND p.audited_at IS NULL) AS free_now,
       (SELECT count(*) FROM audit_pool p JOIN audit_batches b ON b.id = p.batch_id
         WHERE p.audited_at IS NULL AND b.finished_at IS NULL AND b.expired_at IS NULL) AS assigned_now,
       (SELECT count(*) FROM audit_batches b WHERE b.expired_at::date = d::date) AS batches_expired
  FROM generate_series(current_date - (:days - 1), current_date, interval '1 day') d
 ORDER BY day
