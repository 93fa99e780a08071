-- Flags what rules matched, set-based (a rule run may match many messages at once): each
-- (message, rule) pair not flagged by that rule before becomes a flag of the rule's type, in the
-- message's queue item (created, or reopened when resolved), with its history. The caller read the
-- messages: it passes each one's conversation, whether a contact wrote it and its own texter (the
-- conversation's texter when null); the campaign is looked up for the matched messages alone.
-- Answers the number of flags raised.
--
-- The batch lives in arrays, not a temporary table (creating, analysing and dropping one per batch
-- costs catalogue writes), and every step reads the few rows it needs by key, so a batch costs the
-- same however full the queue is. Plans are made for each call, from the arrays' real sizes (a
-- plan cached after a few calls would guess them); JIT compiling would be paid for nothing.
create or replace function moderation_flag_matches(p_messages bigint[], p_conversations bigint[],
                                                   p_from_contact boolean[], p_texters integer[],
                                                   p_rules integer[], p_now timestamptz)
returns integer language plpgsql set jit = off set plan_cache_mode = force_custom_plan as $$
declare
  raised integer;
  lowest bigint;
  highest bigint;
  flagged_before boolean;
  queued_before boolean;
  -- The new pairs, with their message's conversation, campaign and author, the rule's type.
  n_messages bigint[];
  n_conversations bigint[];
  n_campaigns integer[];
  n_texters integer[];
  n_rules integer[];
  n_types integer[];
  n_severities smallint[];
  n_distinct integer;
  -- One per message of the new pairs.
  m_messages bigint[];
  m_conversations bigint[];
  m_campaigns integer[];
  m_texters integer[];
  m_severities smallint[];
  -- Each message's item.
  item_ids bigint[];
  item_messages bigint[];
  other_ids bigint[];
  other_messages bigint[];
begin
  -- New messages have no rule flag or item yet: one look at the batch's range of ids usually says
  -- so, and spares a lookup per pair and per message. Else a scalar subquery each (a "not exists"
  -- would become an anti-join reading every flag or item).
  select min(m), max(m) into lowest, highest from unnest(p_messages) m;
  flagged_before := exists (select from flags f
                             where f.message_id between lowest and highest and f.flagger_rule_id is not null);
  queued_before := exists (select from moderation_items i where i.message_id between lowest and highest);
  select array_agg(u.message_id), array_agg(u.conversation_id), array_agg(c.campaign_id),
         array_agg(case when u.from_contact then null else coalesce(u.texter_id, c.texter_id) end),
         array_agg(u.rule_id), array_agg(r.flag_type_id), array_agg(t.severity), count(distinct u.message_id)
    into n_messages, n_conversations, n_campaigns, n_texters, n_rules, n_types, n_severities, n_distinct
    from unnest(p_messages, p_conversations, p_from_contact, p_texters, p_rules)
           u (message_id, conversation_id, from_contact, texter_id, rule_id)
    join moderation_rules r on r.id = u.rule_id
    join flag_types t on t.id = r.flag_type_id
    -- Looked up by key, one each: "offset 0" keeps the planner from reading every conversation.
    cross join lateral (select campaign_id, texter_id from conversations where id = u.conversation_id offset 0) c
   where not flagged_before
      or (select f.id from flags f where f.message_id = u.message_id and f.flagger_rule_id = u.rule_id limit 1) is null;
  if n_messages is null then
    return 0;
  end if;

  -- Usually one rule matched each message; else the message's item takes the highest severity.
  if n_distinct = cardinality(n_messages) then
    m_messages := n_messages;
    m_conversations := n_conversations;
    m_campaigns := n_campaigns;
    m_texters := n_texters;
    m_severities := n_severities;
  else
    select array_agg(message_id), array_agg(conversation_id), array_agg(campaign_id), array_agg(texter_id),
           array_agg(severity)
      into m_messages, m_conversations, m_campaigns, m_texters, m_severities
      from (select n.message_id, min(n.conversation_id) as conversation_id, min(n.campaign_id) as campaign_id,
                   min(n.texter_id) as texter_id, max(n.severity) as severity
              from unnest(n_messages, n_conversations, n_campaigns, n_texters, n_severities)
                     n (message_id, conversation_id, campaign_id, texter_id, severity)
             group by n.message_id) p;
  end if;

  -- New items. A plain insert costs much less than one with "on conflict"; a flag raised meanwhile
  -- on one of these messages makes it fail, and then the batch takes the slower way.
  begin
    with added as (
      insert into moderation_items (message_id, conversation_id, campaign_id, texter_id, severity, pending_since,
                                    created_at, updated_at)
      select m.message_id, m.conversation_id, m.campaign_id, m.texter_id, m.severity, p_now, p_now, p_now
        from unnest(m_messages, m_conversations, m_campaigns, m_texters, m_severities)
               m (message_id, conversation_id, campaign_id, texter_id, severity)
       where not queued_before or (select i.id from moderation_items i where i.message_id = m.message_id) is null
      returning id, message_id)
    select coalesce(array_agg(id), '{}'), coalesce(array_agg(message_id), '{}')
      into item_ids, item_messages from added;
  exception when unique_violation then
    with added as (
      insert into moderation_items (message_id, conversation_id, campaign_id, texter_id, severity, pending_since,
                                    created_at, updated_at)
      select m.message_id, m.conversation_id, m.campaign_id, m.texter_id, m.severity, p_now, p_now, p_now
        from unnest(m_messages, m_conversations, m_campaigns, m_texters, m_severities)
               m (message_id, conversation_id, campaign_id, texter_id, severity)
      on conflict (message_id) do nothing
      returning id, message_id)
    select coalesce(array_agg(id), '{}'), coalesce(array_agg(message_id), '{}')
      into item_ids, item_messages from added;
  end;

  -- The other messages had an item: raised (pending) or reopened (resolved), as a person's flag would.
  if cardinality(item_messages) < cardinality(m_messages) then
    other_messages := array(select unnest(m_messages) except select unnest(item_messages));
    insert into moderation_history (item_id, action, rule_id, at)
    select distinct on (i.id) i.id, 'reopened', n.rule_id, p_now
      from moderation_items i join unnest(n_messages, n_rules) n (message_id, rule_id) on n.message_id = i.message_id
     where i.message_id = any(other_messages) and i.status <> 'pending'
     order by i.id, n.rule_id;
    with changed as (
      update moderation_items i
         set severity = case when i.status = 'pending' then greatest(i.severity, m.severity) else m.severity end,
             pending_since = case when i.status = 'pending' then i.pending_since else p_now end,
             status = 'pending', agreed_at = null, agreed_by = null, disagreed_at = null, disagreed_by = null,
             deferred_at = null, deferred_by = null, resolution_note = null,
             updated_at = p_now, version = i.version + 1
        from unnest(m_messages, m_severities) m (message_id, severity)
       where i.message_id = m.message_id and i.message_id = any(other_messages)
      returning i.id, i.message_id)
    select array_agg(id), array_agg(message_id) into other_ids, other_messages from changed;
    item_ids := item_ids || coalesce(other_ids, '{}');
    item_messages := item_messages || coalesce(other_messages, '{}');
  end if;

  with added as (
    insert into flags (item_id, message_id, conversation_id, flag_type_id, flagger_rule_id, created_at, updated_at)
    select i.id, n.message_id, n.conversation_id, n.type_id, n.rule_id, p_now, p_now
      from unnest(n_messages, n_conversations, n_rules, n_types) n (message_id, conversation_id, rule_id, type_id)
      join unnest(item_ids, item_messages) i (id, message_id) on i.message_id = n.message_id
    returning id, item_id, flagger_rule_id
  )
  insert into moderation_history (item_id, flag_id, action, rule_id, at)
  select item_id, id, 'created', flagger_rule_id, p_now from added;
  get diagnostics raised = row_count;
  return raised;
end
$$;
