-- Flag Status
-- Every flag created in the period, of every type, oldest first: its type, the flagged message, its author, the flagger, the resolution, the moderator who resolved it and the minutes it took. Discourse's Flag Status report over the discourse schema (rule flags have flagger_user_id -1).
-- @search_path: discourse
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
SELECT pat.name_key AS type,
       pa.post_id AS flagged_message_id,
       p.user_id AS texter_user_id,
       pa.user_id AS flagger_user_id,
       pa.created_at::date AS flag_created,
       CASE WHEN pa.agreed_at IS NOT NULL THEN 'agreed'
            WHEN pa.disagreed_at IS NOT NULL THEN 'disagreed'
            WHEN pa.deferred_at IS NOT NULL THEN 'deferred' END AS resolution,
       COALESCE(pa.agreed_by_id, pa.disagreed_by_id, pa.deferred_by_id) AS assigned_user_id,
       ROUND(EXTRACT(EPOCH FROM (COALESCE(pa.disagreed_at, pa.agreed_at, pa.deferred_at) - pa.created_at)) / 60, 2)
         AS "resolution_time (minutes)"
  FROM post_actions pa
  JOIN post_action_types pat ON pat.id = pa.post_action_type_id
  LEFT JOIN posts p ON p.id = pa.post_id
 WHERE pat.is_flag
   AND pa.created_at >= :start_date
   AND pa.created_at < :end_date + 1
 ORDER BY pa.created_at, pa.id
