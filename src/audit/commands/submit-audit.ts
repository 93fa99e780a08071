import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/types.js';
import { Conflict, Forbidden, Invalid, isUniqueViolation } from '../../errors.js';
import { currentRubric } from '../queries.js';

/** Weighted share of items a conversation must pass, besides every critical item. */
export const PASS_THRESHOLD = 0.75;

export interface AuditInput {
  auditorId: number;
  conversationId: number;
  scores: Record<string, boolean>;
  note?: string | undefined;
  timeSpentMs?: number | undefined;
  now: Date;
}

export interface ScoredAudit {
  passed: boolean;
  score: number;
}

/** Pure scoring: weighted share passed; failing a critical item fails the audit. */
export function scoreAudit(items: readonly RubricItemRow[], scores: Record<string, boolean>): ScoredAudit {
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  const passedWeight = items.reduce((sum, item) => sum + (scores[item.key] ? item.weight : 0), 0);
  const score = totalWeight > 0 ? passedWeight / totalWeight : 1;
  const criticalFailed = items.some((item) => item.critical && !scores[item.key]);
  return { passed: !criticalFailed && score >= PASS_THRESHOLD, score };
}

/** Every rubric item scored, nothing else: names what is missing or unknown. */
export function checkScores(items: readonly RubricItemRow[], scores: Record<string, boolean>): void {
  const keys = new Set(items.map((i) => i.key));
  const missing = [...keys].filter((k) => !(k in scores));
  const unknown = Object.keys(scores).filter((k) => !keys.has(k));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new Invalid(
      `scores must give every rubric item: ${parts.join('; ')}.`,
      { field: 'scores', missing, unknown },
      'bad_scores',
    );
  }
}

/**
 * Records an auditor's scores for a conversation of their live batch (or a calibration item
 * given to them), updates the texter's date of last audit, and finishes the batch when it was the
 * last item.
 */
export async function submitAudit(db: Db, input: AuditInput) {
  const rubric = await currentRubric(db);
  checkScores(rubric.items, input.scores);
  const { passed, score } = scoreAudit(rubric.items, input.scores);

  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ batch_id: number | null; calibration: boolean; texter_id: number | null }>`
      select case when p.calibration_to = ${input.auditorId} then p.calibration_batch_id else p.batch_id end as batch_id,
             coalesce(p.calibration_to = ${input.auditorId}, false) as calibration,
             c.texter_id
        from audit_pool p
        join conversations c on c.id = p.conversation_id
        join audit_batches b on b.id = case when p.calibration_to = ${input.auditorId} then p.calibration_batch_id else p.batch_id end
       where p.conversation_id = ${input.conversationId}
         and (p.assigned_to = ${input.auditorId} or p.calibration_to = ${input.auditorId})
         and b.expired_at is null
         for update of p`.execute(trx);
    const target = rows[0];
    if (!target) throw new Forbidden('This conversation is not in one of your batches.', 'not_assigned');

    let audit: { id: number; created_at: Date };
    try {
      audit = await trx
        .insertInto('audits')
        .values({
          conversation_id: input.conversationId,
          auditor_id: input.auditorId,
          batch_id: target.batch_id,
          rubric_id: rubric.id,
          scores: JSON.stringify(input.scores),
          passed,
          score,
          note: input.note?.trim() ?? '',
          calibration: target.calibration,
          time_spent_ms: input.timeSpentMs ?? null,
          created_at: input.now,
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new Conflict('You have audited this conversation already.', 'already_audited');
      throw error;
    }
    if (!target.calibration) {
      await trx
        .updateTable('audit_pool')
        .set({ audited_at: input.now })
        .where('conversation_id', '=', input.conversationId)
        .execute();
    }
    if (target.texter_id !== null) {
      // greatest() ignores a null, so a first audit sets the date too.
      await sql`update texters set texter_audit_date = greatest(texter_audit_date, ${input.now}::timestamptz)
                 where id = ${target.texter_id}`.execute(trx);
    }
    if (target.batch_id !== null) {
      await sql`
        update audit_batches b set finished_at = ${input.now}
         where b.id = ${target.batch_id} and b.finished_at is null
           and not exists (
             select 1 from audit_pool p
              where (p.batch_id = b.id and p.audited_at is null)
                 or (p.calibration_batch_id = b.id
                     and not exists (select 1 from audits a where a.conversation_id = p.conversation_id and a.auditor_id = b.auditor_id)))`.execute(
        trx,
      );
    }
    return {
      id: audit.id,
      conversation_id: input.conversationId,
      rubric_version: rubric.version,
      scores: input.scores,
      passed,
      score,
      note: input.note?.trim() ?? '',
      created_at: audit.created_at,
    };
  });
}
