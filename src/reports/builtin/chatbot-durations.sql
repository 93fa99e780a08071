-- Chatbot conversation length by ending
-- Median and most common length in minutes of the conversations that finished, gave up or timed out.
-- @search_path: penhas
-- @roles: moderator
-- [params]
-- null date :start_date
-- null date :end_date
-- null int :tag
SELECT a.state AS ending,
       count(DISTINCT a.conversa_id) AS conversations,
       round((percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM a.created_at - a.first_msg_tz) / 60))::numeric, 1) AS median_minutes,
       mode() WITHIN GROUP (ORDER BY floor(extract(epoch FROM a.created_at - a.first_msg_tz) / 60)) AS most_common_minutes
  FROM analytics a
  JOIN conversa c ON c.id = a.conversa_id
 WHERE a.state IN ('QUESTIONNAIRE_FINISHED', 'QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')
   AND (:start_date IS NULL OR c.started_at >= :start_date)
   AND (:end_date IS NULL OR c.started_at < :end_date + 1)
   AND (:tag IS NULL OR a.tag_code = :tag)
 GROUP BY a.state
 ORDER BY conversations DESC
