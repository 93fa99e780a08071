-- Chatbot drop-off per step
-- For each step: the conversations that reached it, and how many went on, gave up, timed out there or are still there (reached = went on + gave up + timed out + still there). The same numbers as the bot's flow canvas: both read public.chatbot_drop_off (docs/chatbot-studio.md). A conversation counts when it started in the period and, with a tag, when it ended up with that tag.
-- @search_path: penhas
-- @roles: moderator
-- [params]
-- null date :start_date
-- null date :end_date
-- null int :tag
-- null int :bot_id
SELECT d.bot_id, d.step, d.questionnaire_id, d.reached, d.went_on, d.gave_up, d.timed_out, d.still_there,
       round(100.0 * (d.gave_up + d.timed_out) / d.reached, 1) AS drop_off_percent
  FROM public.chatbot_drop_off(:start_date, :end_date, :tag, :bot_id) d
 ORDER BY d.reached DESC, d.bot_id, d.step
