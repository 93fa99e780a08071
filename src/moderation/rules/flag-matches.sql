-- Flags what rules matched, set-based (a rule run may match many messages at once): each
-- (message, rule) pair not flagged by that rule before becomes a flag of the rule's type, in the
-- message's queue item (created, or reopened when resolved), with its history. The caller read the
-- messages: it passes each one's conversation, campaign and author (null for a contact). Answers the
-- number of flags raised.
create or replace function moderation_flag_matches(p_messages bigint[], p_conversations bigint[],
                                                   p_campaigns integer[], p_texters integer[],
                                                   p_rules integer[], p_now timestamptz)
returns integer language plpgsql as $$
declare
  raised integer;
begin
  drop table if exists moderation_new_flags;
  create temporary table moderation_new_flags on commit drop as
  select distinct on (u.message_id, u.rule_id)
         u.message_id, u.conversation_id, u.rule_id, r.flag_type_id, t.severity, u.campaign_id, u.texter_id
    from unnest(p_messages, p_conversations, p_campaigns, p_texters, p_rules)
           u (message_id, conversation_id, campaign_id, texter_id, rule_id)
    join moderation_rules r on r.id = u.rule_id
    join flag_types t on t.id = r.flag_type_id
   where not exists (select from flags f where f.message_id = u.message_id and f.flagger_rule_id = u.rule_id);
  -- Without statistics the joins below would read the whole queue for each batch.
  analyze moderation_new_flags;

  -- Resolved items matched again are reopened, as a person's flag would.
  insert into moderation_history (item_id, action, rule_id, at)
  select distinct on (i.id) i.id, 'reopened', n.rule_id, p_now
    from moderation_items i join moderation_new_flags n on n.message_id = i.message_id
   where i.status <> 'pending';

  -- New items are inserted; the update (which does not see them) raises or reopens the others.
  with per_message as (
    select message_id, min(conversation_id) as conversation_id, min(campaign_id) as campaign_id,
           min(texter_id) as texter_id, max(severity) as severity
      from moderation_new_flags
     group by message_id
  ), inserted as (
    insert into moderation_items (message_id, conversation_id, campaign_id, texter_id, severity, pending_since,
                                  created_at, updated_at)
    select message_id, conversation_id, campaign_id, texter_id, severity, p_now, p_now, p_now
      from per_message
    on conflict (message_id) do nothing
  )
  update moderation_items i
     set severity = case when i.status = 'pending' then greatest(i.severity, s.severity) else s.severity end,
         pending_since = case when i.status = 'pending' then i.pending_since else p_now end,
         status = 'pending', agreed_at = null, agreed_by = null, disagreed_at = null, disagreed_by = null,
         deferred_at = null, deferred_by = null, resolution_note = null,
         updated_at = p_now, version = i.version + 1
    from per_message s
   where i.message_id = s.message_id;

  with added as (
    insert into flags (item_id, message_id, conversation_id, flag_type_id, flagger_rule_id, created_at, updated_at)
    select i.id, n.message_id, n.conversation_id, n.flag_type_id, n.rule_id, p_now, p_now
      from moderation_new_flags n join moderation_items i on i.message_id = n.message_id
    returning id, item_id, flagger_rule_id
  )
  insert into moderation_history (item_id, flag_id, action, rule_id, at)
  select item_id, id, 'created', flagger_rule_id, p_now from added;
  get diagnostics raised = row_count;

  drop table moderation_new_flags;
  return raised;
end
$$;
