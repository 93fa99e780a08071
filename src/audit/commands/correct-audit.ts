import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/rows.js';
import { Conflict, Forbidden, NotFound } from '../../errors.js';
import { writeFailedItems } from '../failed-items.js';
import { correctableUntil } from '../review/audit-detail.js';
import { checkScores, scoreAudit } from './submit-audit.js';

export interface CorrectionInput {
  auditId: number;
  actorId: number;
  scores: Record<string, boolean>;
  /** Left out: the note stays as it was. */
  note?: string | undefined;
  now: Date;
}

interface LockedAudit {
  id: number;
  conversation_id: number;
  auditor_id: number;
  scores: Record<string, boolean>;
  passed: boolean;
  score: number;
  note: string;
  created_at: Date;
  rubric_version: number;
  rubric_items: RubricItemRow[];
  expires_at: Date | null;
  expired_at: Date | null;
}

/**
 * The auditor corrects their audit while its batch's time has not run out (`expires_at`, finished
 * or not). Scores are checked against, and passed/score recomputed with, the rubric version the
 * audit was scored with; what the audit was before is kept in `audit_history`.
 */
export async function correctAudit(db: Db, input: CorrectionInput) {
  return db.transaction().execute(async (trx) => {
    const audit = await lockAudit(trx, input.auditId);
    if (!audit) throw new NotFound('Audit');
    if (audit.auditor_id !== input.actorId) {
      throw new Forbidden('Only the auditor who scored this audit may correct it.', 'not_your_audit');
    }
    const until =
      audit.expires_at === null
        ? null
        : correctableUntil({ expires_at: audit.expires_at, expired_at: audit.expired_at }, input.now);
    if (until === null) {
      throw new Conflict(
        "This audit can no longer be corrected: its batch's time ran out.",
        'correction_closed',
        {
          expires_at: audit.expires_at?.toISOString() ?? null,
        },
      );
    }
    checkScores(audit.rubric_items, input.scores);
    const { passed, score } = scoreAudit(audit.rubric_items, input.scores);
    const note = input.note === undefined ? audit.note : input.note.trim();

    await trx
      .insertInto('audit_history')
      .values({
        audit_id: audit.id,
        changed_at: input.now,
        changed_by: input.actorId,
        scores: JSON.stringify(audit.scores),
        passed: audit.passed,
        score: audit.score,
        note: audit.note,
      })
      .execute();
    await trx
      .updateTable('audits')
      .set({ scores: JSON.stringify(input.scores), passed, score, note, updated_at: input.now })
      .where('id', '=', audit.id)
      .execute();
    await writeFailedItems(trx, { id: audit.id, created_at: audit.created_at, score, scores: input.scores });
    return {
      id: audit.id,
      conversation_id: audit.conversation_id,
      rubric_version: audit.rubric_version,
      scores: input.scores,
      passed,
      score,
      note,
      created_at: audit.created_at,
      updated_at: input.now,
      correctable_until: until,
    };
  });
}

async function lockAudit(trx: Db, auditId: number): Promise<LockedAudit | undefined> {
  const { rows } = await sql<LockedAudit>`
    select a.id, a.conversation_id, a.auditor_id, a.scores, a.passed, a.score, a.note, a.created_at,
           r.version as rubric_version, r.items as rubric_items, b.expires_at, b.expired_at
      from audits a
      join audit_rubrics r on r.id = a.rubric_id
      left join audit_batches b on b.id = a.batch_id
     where a.id = ${auditId}
       for update of a`.execute(trx);
  return rows[0];
}
