import { sql } from 'kysely';
import { markTexterAudited } from '../../conversations/index.js';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/rows.js';
import { Conflict, Forbidden, Invalid, isUniqueViolation } from '../../errors.js';
import { writeFailedItems } from '../failed-items.js';
import { findBatchPlace } from '../policies.js';
import { currentRubric } from '../rubric.js';

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
 * Records an auditor's scores for a conversation they may score (policies.ts: in their live batch,
 * or given to them for calibration), updates the texter's date of last audit, and finishes the
 * batch when it was the last item.
 */
export async function submitAudit(db: Db, input: AuditInput) {
  const rubric = await currentRubric(db);
  checkScores(rubric.items, input.scores);
  const { passed, score } = scoreAudit(rubric.items, input.scores);
  const note = input.note?.trim() ?? '';

  return db.transaction().execute(async (trx) => {
    const place = await findBatchPlace(trx, {
      auditorId: input.auditorId,
      conversationId: input.conversationId,
      now: input.now,
      lock: true,
    });
    if (!place) throw new Forbidden('This conversation is not in one of your batches.', 'not_assigned');
    const audit = await insertAudit(trx, input, {
      batch_id: place.batch_id,
      calibration: place.calibration,
      rubric_id: rubric.id,
      passed,
      score,
      note,
    });
    await writeFailedItems(trx, { id: audit.id, created_at: audit.created_at, score, scores: input.scores });
    if (!place.calibration) {
      await trx
        .updateTable('audit_pool')
        .set({ audited_at: input.now })
        .where('conversation_id', '=', input.conversationId)
        .execute();
    }
    await markTexterAudited(trx, { conversationId: input.conversationId, at: input.now });
    await finishBatchIfDone(trx, place.batch_id, input.now);
    return {
      id: audit.id,
      conversation_id: input.conversationId,
      rubric_version: rubric.version,
      scores: input.scores,
      passed,
      score,
      note,
      created_at: audit.created_at,
    };
  });
}

async function insertAudit(
  trx: Db,
  input: AuditInput,
  fields: {
    batch_id: number;
    calibration: boolean;
    rubric_id: number;
    passed: boolean;
    score: number;
    note: string;
  },
): Promise<{ id: number; created_at: Date }> {
  // The texter and campaign the audit was scored for stay with it (the Audits page filters on them).
  const conversation = await trx
    .selectFrom('conversations')
    .select(['texter_id', 'campaign_id'])
    .where('id', '=', input.conversationId)
    .executeTakeFirstOrThrow();
  try {
    return await trx
      .insertInto('audits')
      .values({
        conversation_id: input.conversationId,
        texter_id: conversation.texter_id,
        campaign_id: conversation.campaign_id,
        auditor_id: input.auditorId,
        scores: JSON.stringify(input.scores),
        time_spent_ms: input.timeSpentMs ?? null,
        created_at: input.now,
        ...fields,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict('You have audited this conversation already.', 'already_audited');
    throw error;
  }
}

/** The batch is finished once every conversation in it is scored by its auditor. */
async function finishBatchIfDone(trx: Db, batchId: number, now: Date): Promise<void> {
  await sql`
    update audit_batches b set finished_at = ${now}
     where b.id = ${batchId} and b.finished_at is null
       and not exists (
         select 1 from audit_pool p
          where (p.batch_id = b.id and p.audited_at is null)
             or (p.calibration_batch_id = b.id
                 and not exists (select 1 from audits a where a.conversation_id = p.conversation_id and a.auditor_id = b.auditor_id)))`.execute(
    trx,
  );
}
