-- Flag resolution time by week
-- Per week of creation (weeks start on Monday), the flags raised, how many are resolved and still pending, and the median, 90th percentile and mean minutes from flag to its resolution (agreed, disagreed or deferred).
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
WITH f AS (
  SELECT date_trunc('week', created_at)::date AS week,
         extract(epoch FROM coalesce(agreed_at, disagreed_at, deferred_at) - created_at) / 60 AS minutes
    FROM flags
   WHERE created_at >= :start_date AND created_at < :end_date + 1
)
SELECT week,
       count(*) AS flags,
       count(minutes) AS resolved,
       count(*) - count(minutes) AS pending,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes))::numeric, 1) AS median_minutes,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes))::numeric, 1) AS p90_minutes,
       round(avg(minutes)::numeric, 1) AS mean_minutes
  FROM f
 GROUP BY week
 ORDER BY week
