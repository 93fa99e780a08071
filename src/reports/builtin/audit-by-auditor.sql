-- Auditors: throughput and calibration agreement
-- Over a period: audits per auditor, median minutes per audit, and how often their calibration verdicts agree with the other auditors of the same conversation.
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
WITH mine AS (
  SELECT a.* FROM audits a WHERE a.created_at >= :start_date AND a.created_at < :end_date + 1
), agreement AS (
  SELECT m.auditor_id, count(*) AS compared, count(*) FILTER (WHERE o.passed = m.passed) AS agreed
    FROM mine m
    JOIN audits o ON o.conversation_id = m.conversation_id AND o.auditor_id <> m.auditor_id
   WHERE m.calibration OR o.calibration
   GROUP BY m.auditor_id
)
SELECT m.auditor_id AS auditor_user_id, u.name AS auditor, count(*) AS audits,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY m.time_spent_ms) / 60000.0)::numeric, 1) AS median_minutes,
       max(g.compared) AS calibration_pairs,
       round(100.0 * max(g.agreed) / nullif(max(g.compared), 0), 1) AS agreement_percent
  FROM mine m
  JOIN users u ON u.id = m.auditor_id
  LEFT JOIN agreement g ON g.auditor_id = m.auditor_id
 GROUP BY m.auditor_id, u.name
 ORDER BY audits DESC
