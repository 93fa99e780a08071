-- A batch's conversations, newest first, with whether its auditor has scored each (batches.ts,
-- and audit_take_batch in pool/assign-batch.sql).

create or replace function audit_batch_items(p_batch bigint)
returns table (conversation_id bigint, campaign_id integer, campaign_title text, texter_id integer,
               texter_first_name text, texter_last_name text, texter_email text, texter_audit_date timestamptz,
               last_message_at timestamptz, message_count integer, calibration boolean, audited_at timestamptz)
language sql stable
as $fn$
  select p.conversation_id, p.campaign_id, ca.title, t.id, t.first_name, t.last_name, coalesce(t.email_override, t.email), t.texter_audit_date,
         p.last_message_at, co.message_count, coalesce(p.calibration_batch_id = b.id, false), a.created_at
    from audit_batches b
    join audit_pool p on p.batch_id = b.id or p.calibration_batch_id = b.id
    join campaigns ca on ca.id = p.campaign_id
    join conversations co on co.id = p.conversation_id
    left join texters t on t.id = co.texter_id
    left join audits a on a.conversation_id = p.conversation_id and a.auditor_id = b.auditor_id
   where b.id = p_batch
   order by p.last_message_at desc, p.conversation_id desc
$fn$;
