-- Texters not audited lately
-- Texters with conversations in the last N days none of which has been audited in that time.
-- @roles: moderator
-- [params]
-- int :days = 30
SELECT t.id AS texter_id, t.first_name || ' ' || t.last_name AS texter, t.email,
       count(DISTINCT cv.id) AS recent_conversations,
       (SELECT max(a.created_at) FROM audits a JOIN conversations c2 ON c2.id = a.conversation_id
         WHERE c2.texter_id = t.id) AS last_audited_at
  FROM texters t
  JOIN conversations cv ON cv.texter_id = t.id AND cv.last_message_at >= now() - make_interval(days => :days)
 WHERE NOT EXISTS (
   SELECT 1 FROM audits a JOIN conversations c3 ON c3.id = a.conversation_id
    WHERE c3.texter_id = t.id AND a.created_at >= now() - make_interval(days => :days))
 GROUP BY t.id
 ORDER BY recent_conversations DESC
