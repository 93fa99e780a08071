-- Flagger accuracy
-- Per flagger (a staff member or a rule), the flags raised in the period and how they were resolved; accuracy is the share agreed of those agreed or disagreed (deferred and pending ones do not count).
-- @roles: moderator
-- [params]
-- date :start_date = 2026-01-01
-- date :end_date = 2099-12-31
SELECT f.flagger_user_id,
       f.flagger_rule_id,
       COALESCE(u.name, 'Rule: ' || r.name) AS flagger,
       count(*) AS flags,
       count(f.agreed_at) AS agreed,
       count(f.disagreed_at) AS disagreed,
       count(f.deferred_at) AS deferred,
       count(*) FILTER (WHERE f.agreed_at IS NULL AND f.disagreed_at IS NULL AND f.deferred_at IS NULL) AS pending,
       round(100.0 * count(f.agreed_at) / nullif(count(f.agreed_at) + count(f.disagreed_at), 0), 1)
         AS accuracy_percent
  FROM flags f
  LEFT JOIN users u ON u.id = f.flagger_user_id
  LEFT JOIN moderation_rules r ON r.id = f.flagger_rule_id
 WHERE f.created_at >= :start_date AND f.created_at < :end_date + 1
 GROUP BY f.flagger_user_id, f.flagger_rule_id, u.name, r.name
 ORDER BY flags DESC, flagger
