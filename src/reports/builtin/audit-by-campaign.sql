-- Audit results per campaign
-- Over a period: audits, pass rate and mean score of each campaign's conversations.
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
SELECT cv.campaign_id, cp.title AS campaign, count(*) AS audits,
       round(100.0 * count(*) FILTER (WHERE a.passed) / count(*), 1) AS pass_percent,
       round(avg(a.score)::numeric, 2) AS mean_score
  FROM audits a
  JOIN conversations cv ON cv.id = a.conversation_id
  JOIN campaigns cp ON cp.id = cv.campaign_id
 WHERE NOT a.calibration
   AND a.created_at >= :start_date AND a.created_at < :end_date + 1
 GROUP BY cv.campaign_id, cp.title
 ORDER BY audits DESC
