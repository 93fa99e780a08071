-- Chatbot funnel
-- Unique users and conversations: all, started (past the first step), finished, interrupted (gave up or timed out). PenhaS's analytics views, schema penhas.
-- @search_path: penhas
-- @roles: moderator
-- [params]
-- null date :start_date
-- null date :end_date
-- null int :tag
WITH ends AS (
  SELECT c.id, c.handle_hashed,
         bool_or(a.state = 'QUESTIONNAIRE_FINISHED') AS finished,
         bool_or(a.state IN ('QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')) AS interrupted,
         count(*) > 1 AS started
    FROM conversa c
    JOIN analytics a ON a.conversa_id = c.id
   WHERE (:start_date IS NULL OR c.started_at >= :start_date)
     AND (:end_date IS NULL OR c.started_at < :end_date + 1)
     AND (:tag IS NULL OR a.tag_code = :tag)
   GROUP BY c.id, c.handle_hashed
)
SELECT stage, users, conversations FROM (
  SELECT 1 AS n, 'all' AS stage, count(DISTINCT handle_hashed) AS users, count(*) AS conversations FROM ends
  UNION ALL
  SELECT 2, 'started', count(DISTINCT handle_hashed) FILTER (WHERE started), count(*) FILTER (WHERE started) FROM ends
  UNION ALL
  SELECT 3, 'finished', count(DISTINCT handle_hashed) FILTER (WHERE finished), count(*) FILTER (WHERE finished) FROM ends
  UNION ALL
  SELECT 4, 'interrupted', count(DISTINCT handle_hashed) FILTER (WHERE interrupted),
         count(*) FILTER (WHERE interrupted) FROM ends
) s
ORDER BY n
