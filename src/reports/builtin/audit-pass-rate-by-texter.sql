-- Audit pass rate per rubric item per texter
-- Over a period: audits of each texter's conversations and the share passing each rubric item.
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
-- null texter_id :texter_id
SELECT cv.texter_id, t.first_name || ' ' || t.last_name AS texter, s.key AS rubric_item,
       count(*) AS audits,
       round(100.0 * count(*) FILTER (WHERE s.value = 'true') / count(*), 1) AS pass_percent
  FROM audits a
  JOIN conversations cv ON cv.id = a.conversation_id
  JOIN texters t ON t.id = cv.texter_id
  CROSS JOIN LATERAL jsonb_each_text(a.scores) s
 WHERE NOT a.calibration
   AND a.created_at >= :start_date AND a.created_at < :end_date + 1
   AND (:texter_id IS NULL OR cv.texter_id = :texter_id)
 GROUP BY cv.texter_id, texter, s.key
 ORDER BY texter, rubric_item
