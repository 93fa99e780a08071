import type { ModerationSettings, ModerationSettingsPatch } from '../../common/api/moderation.js';
import type { Db } from '../db/index.js';

const FIELDS = ['claim_minutes', 'stale_hours', 'digest_enabled'] as const;

export async function getModerationSettings(db: Db): Promise<ModerationSettings> {
  return db.selectFrom('moderation_settings').select(FIELDS).executeTakeFirstOrThrow();
}

export async function updateModerationSettings(
  db: Db,
  patch: ModerationSettingsPatch,
  userId: number,
  now: Date,
): Promise<ModerationSettings> {
  // Only the settings' own keys become columns of the update.
  const changes = Object.fromEntries(
    FIELDS.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]),
  );
  return db
    .updateTable('moderation_settings')
    .set({ ...changes, updated_at: now, updated_by: userId })
    .returning(FIELDS)
    .executeTakeFirstOrThrow();
}
