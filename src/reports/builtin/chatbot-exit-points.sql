-- Chatbot exit points
-- Where people gave up or timed out, with the step before it: the steps to improve first.
-- @search_path: penhas
-- @roles: moderator
-- [params]
-- null date :start_date
-- null date :end_date
-- null int :tag
SELECT sc.code AS step, prev.code AS previous_step,
       count(*) FILTER (WHERE a.state = 'QUESTIONNAIRE_GAVE_UP') AS gave_up,
       count(*) FILTER (WHERE a.state = 'QUESTIONNAIRE_TIMEOUT') AS timed_out,
       count(*) AS total
  FROM analytics a
  JOIN conversa c ON c.id = a.conversa_id
  JOIN step_code sc ON sc.id = a.step_code_id
  LEFT JOIN step_code prev ON prev.id = a.previous_step_code_id
 WHERE a.state IN ('QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')
   AND (:start_date IS NULL OR c.started_at >= :start_date)
   AND (:end_date IS NULL OR c.started_at < :end_date + 1)
   AND (:tag IS NULL OR a.tag_code = :tag)
 GROUP BY sc.code, prev.code
 ORDER BY total DESC, step
