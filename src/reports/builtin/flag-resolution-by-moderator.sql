-- Flag resolution time by moderator
-- Per moderator, the flags they resolved in the period (by the time of the resolution): agreed, disagreed, deferred, and the median, 90th percentile and mean minutes from flag to resolution.
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
WITH f AS (
  SELECT coalesce(agreed_by, disagreed_by, deferred_by) AS moderator_id,
         coalesce(agreed_at, disagreed_at, deferred_at) AS resolved_at,
         agreed_at, disagreed_at, deferred_at,
         extract(epoch FROM coalesce(agreed_at, disagreed_at, deferred_at) - created_at) / 60 AS minutes
    FROM flags
)
SELECT f.moderator_id AS moderator_user_id,
       u.name AS moderator,
       count(*) AS resolved,
       count(f.agreed_at) AS agreed,
       count(f.disagreed_at) AS disagreed,
       count(f.deferred_at) AS deferred,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY f.minutes))::numeric, 1) AS median_minutes,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY f.minutes))::numeric, 1) AS p90_minutes,
       round(avg(f.minutes)::numeric, 1) AS mean_minutes
  FROM f
  LEFT JOIN users u ON u.id = f.moderator_id
 WHERE f.resolved_at >= :start_date AND f.resolved_at < :end_date + 1
 GROUP BY f.moderator_id, u.name
 ORDER BY resolved DESC, moderator
