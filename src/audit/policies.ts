import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Actor } from '../http/types.js';

/**
 * Who may see and score a conversation of the audit. One rule for both: an auditor, while the
 * conversation is in one of their batches (assigned to them, or given to them for calibration)
 * and that batch has not expired — neither marked expired nor past its time (`expires_at > now`);
 * a finished batch stays readable.
 */

export interface BatchPlace {
  /** The auditor's batch that holds the conversation. */
  batch_id: number;
  /** Given for calibration: someone else audited it first. */
  calibration: boolean;
}

/**
 * The batch through which the auditor holds the conversation, or undefined. With `lock`, the
 * conversation's pool row stays locked until the transaction ends (scoring it).
 */
export async function findBatchPlace(
  db: Db,
  input: { auditorId: number; conversationId: number; now: Date; lock?: boolean },
): Promise<BatchPlace | undefined> {
  const { auditorId, conversationId, now } = input;
  const { rows } = await sql<BatchPlace>`
    select b.id as batch_id, coalesce(p.calibration_to = ${auditorId}, false) as calibration
      from audit_pool p
      join audit_batches b
        on b.id = case when p.calibration_to = ${auditorId} then p.calibration_batch_id else p.batch_id end
       and b.auditor_id = ${auditorId}
     where p.conversation_id = ${conversationId}
       and (p.assigned_to = ${auditorId} or p.calibration_to = ${auditorId})
       and b.expired_at is null and (b.finished_at is not null or b.expires_at > ${now})
     ${input.lock ? sql`for update of p` : sql``}`.execute(db);
  return rows[0];
}

/** Whether the actor may read a conversation: admins always, auditors by the rule above. */
export async function mayViewConversation(
  db: Db,
  actor: Actor,
  conversationId: number,
  now: Date,
): Promise<boolean> {
  if (actor.role === 'admin') return true;
  return (await findBatchPlace(db, { auditorId: actor.id, conversationId, now })) !== undefined;
}
