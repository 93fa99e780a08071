import { sql } from 'kysely';
import {
  AUDIT_SETTINGS_FIELDS,
  type AuditSettings,
  type AuditSettingsPatch,
} from '../../common/api/audit.js';
import type { Db } from '../db/index.js';

const FIELDS = AUDIT_SETTINGS_FIELDS;

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
  // Only the settings: a body may carry other keys (the schema does not refuse them), which must
  // not become columns of the update.
  const changes: AuditSettingsPatch = Object.fromEntries(
    FIELDS.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]),
  );
  return db.transaction().execute(async (trx) => {
    const settings = await trx
      .updateTable('audit_settings')
      .set({ ...changes, updated_at: now, updated_by: userId })
      .returning(FIELDS)
      .executeTakeFirstOrThrow();
    // Which campaigns can fill a batch depends on its size and calibration share.
    await sql`
      update audit_campaign_free set fills = free_count >= audit_usual_need()
       where fills <> (free_count >= audit_usual_need())`.execute(trx);
    return settings;
  });
}
