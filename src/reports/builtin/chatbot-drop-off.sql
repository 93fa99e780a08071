-- Chatbot drop-off per step
-- For each step: the conversations that reached it and the share of them that ended there without finishing.
-- @search_path: penhas
-- @roles: moderator
-- [params]
-- null date :start_date
-- null date :end_date
-- null int :tag
WITH reached AS (
  SELECT a.step_code_id, a.conversa_id,
         bool_or(a.state IN ('QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')) AS left_here
    FROM analytics a
    JOIN conversa c ON c.id = a.conversa_id
   WHERE (:start_date IS NULL OR c.started_at >= :start_date)
     AND (:end_date IS NULL OR c.started_at < :end_date + 1)
     AND (:tag IS NULL OR a.tag_code = :tag)
   GROUP BY a.step_code_id, a.conversa_id
)
SELECT sc.code AS step, count(*) AS reached, count(*) FILTER (WHERE left_here) AS left_here,
       round(100.0 * count(*) FILTER (WHERE left_here) / count(*), 1) AS drop_off_percent
  FROM reached r
  JOIN step_code sc ON sc.id = r.step_code_id
 GROUP BY sc.code
 ORDER BY reached DESC, step
