import { sql } from 'kysely';
import type { AuditSettings, AuditSettingsPatch } from '../../common/api/audit.js';
import type { Db } from '../db/index.js';

const FIELDS = [
  'batch_size',
  'assignment_ttl_minutes',
  'resume_unfinished',
  'calibration_share',
  'pool_contact_replied',
  'pool_campaign_ids',
  'pool_since_days',
  'pool_min_messages',
  'pool_retention_days',
  'data_retention_days',
] as const;

export async function getAuditSettings(db: Db): Promise<AuditSettings> {
  return db.selectFrom('audit_settings').select(FIELDS).executeTakeFirstOrThrow();
}

/** Changes the settings; pool rules apply to conversations entering the pool from now on. */
export async function updateAuditSettings(
  db: Db,
  patch: AuditSettingsPatch,
  userId: number,
  now: Date,
): Promise<AuditSettings> {
  return db.transaction().execute(async (trx) => {
    const settings = await trx
      .updateTable('audit_settings')
      .set({ ...patch, updated_at: now, updated_by: userId })
      .returning(FIELDS)
      .executeTakeFirstOrThrow();
    // Which campaigns can fill a batch depends on its size and calibration share.
    await sql`
      update audit_campaign_free set fills = free_count >= audit_usual_need()
       where fills <> (free_count >= audit_usual_need())`.execute(trx);
    return settings;
  });
}
