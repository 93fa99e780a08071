-- Where people drop off (docs/chatbot-studio.md, "Where people drop off"): the one query behind the
-- flow canvas's numbers (src/chatbot/drop-off/queries.ts) and the built-in report
-- `chatbot-drop-off` (src/reports/builtin/), so the two always agree. Read from PenhaS's analytics
-- views (schema penhas) only, as the invoker: the reports role runs it as it runs any report. Names
-- are qualified: a report runs with its own search path (penhas).
--
-- A conversation counts when it started in the period (whole days, both ends included; null: open)
-- and, with a tag, when it ended up with that tag (tags are sticky: its last event carries the one it
-- got; earlier events may still carry the default). Each step it reached counts once, with one
-- outcome: the step of its last event is where it is or where it left — gave up, timed out, finished
-- (counted as went on), or no ending recorded yet (still there); every other step it reached it went
-- on from. So for every step: reached = went_on + gave_up + timed_out + still_there.

-- The conversations of the period (and tag), each with its last event: its step and state.
create or replace function chatbot_drop_off_ends(p_start date, p_end date, p_tag integer, p_bot integer)
returns table (conversa_id bigint, step_code_id integer, state text)
language sql stable as $$
  select last.conversa_id, last.step_code_id, last.state
    from penhas.conversa c
    cross join lateral (
      select a.conversa_id, a.step_code_id, a.state, a.tag_code
        from penhas.analytics a
       where a.conversa_id = c.id
       order by a.id desc
       limit 1) last
   where (p_bot is null or c.bot_id = p_bot)
     and (p_start is null or c.started_at >= p_start)
     and (p_end is null or c.started_at < p_end + 1)
     and (p_tag is null or last.tag_code = p_tag)
$$;

-- Per step: conversations that reached it, and what each did from there.
create or replace function chatbot_drop_off(p_start date, p_end date, p_tag integer, p_bot integer)
returns table (bot_id integer, step_code_id integer, step text, questionnaire_id text, reached bigint,
               went_on bigint, gave_up bigint, timed_out bigint, still_there bigint)
language sql stable as $$
  with visits as (
    select v.step_code_id,
           case when v.step_code_id <> e.step_code_id then 'went_on'
                when e.state = 'QUESTIONNAIRE_GAVE_UP' then 'gave_up'
                when e.state = 'QUESTIONNAIRE_TIMEOUT' then 'timed_out'
                when e.state in ('DURING_DECISION_TREE', 'DURING_QUESTIONNAIRE') then 'still_there'
                -- Finished here (or PenhaS's reset, which Parley never records).
                else 'went_on' end as outcome
      from public.chatbot_drop_off_ends(p_start, p_end, p_tag, p_bot) e
      cross join lateral (
        select distinct a.step_code_id from penhas.analytics a where a.conversa_id = e.conversa_id) v
  )
  select sc.bot_id, sc.id, sc.code, sc.questionnaire_id, count(*),
         count(*) filter (where v.outcome = 'went_on'),
         count(*) filter (where v.outcome = 'gave_up'),
         count(*) filter (where v.outcome = 'timed_out'),
         count(*) filter (where v.outcome = 'still_there')
    from visits v
    join penhas.step_code sc on sc.id = v.step_code_id
   group by sc.bot_id, sc.id, sc.code, sc.questionnaire_id
$$;

-- Per move from one step to the next (a quick reply followed, a question after another): how many
-- of the same conversations made it, for the width of the canvas's edges. Counted by step ids, the
-- codes joined last: the few moves, not every event, meet the step names.
create or replace function chatbot_drop_off_moves(p_start date, p_end date, p_tag integer, p_bot integer)
returns table (bot_id integer, from_step text, to_step text, conversations bigint)
language sql stable as $$
  with moves as (
    select m.previous_step_code_id, m.step_code_id, count(*) as conversations
      from (select distinct a.conversa_id, a.previous_step_code_id, a.step_code_id
              from public.chatbot_drop_off_ends(p_start, p_end, p_tag, p_bot) e
              join penhas.analytics a on a.conversa_id = e.conversa_id
             where a.state in ('DURING_DECISION_TREE', 'DURING_QUESTIONNAIRE')
               and a.previous_step_code_id is not null) m
     group by m.previous_step_code_id, m.step_code_id
  )
  select sc.bot_id, prev.code, sc.code, moves.conversations
    from moves
    join penhas.step_code sc on sc.id = moves.step_code_id
    join penhas.step_code prev on prev.id = moves.previous_step_code_id
$$;
