import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { BotRow } from '../../db/rows.js';
import { revisionCache } from '../revisions.js';

/** A bot's draft as stored, with its author's name; or the current revision when none is stored. */
export interface DraftRecord {
  readonly bot: BotRow;
  readonly stored: boolean;
  readonly version: number;
  readonly baseRevision: number | null;
  readonly currentRevision: number | null;
  readonly bundle: unknown;
  readonly updatedAt: Date | null;
  readonly updatedBy: string | null;
}

interface DraftRow {
  readonly bundle: unknown;
  readonly version: number;
  readonly base_revision: number | null;
  readonly updated_at: Date;
  readonly updated_by_name: string | null;
}

/** The stored draft of a bot, with who saved it last (their name, or e-mail when it is empty). */
export async function findDraftRow(db: Db, botId: number): Promise<DraftRow | undefined> {
  return db
    .selectFrom('bot_drafts')
    .leftJoin('users', 'users.id', 'bot_drafts.updated_by')
    .select(['bot_drafts.bundle', 'bot_drafts.version', 'bot_drafts.base_revision', 'bot_drafts.updated_at'])
    .select(sql<string | null>`coalesce(nullif(users.name, ''), users.email)`.as('updated_by_name'))
    .where('bot_drafts.bot_id', '=', botId)
    .executeTakeFirst();
}

/** The number of the bot's current revision (null: none yet). */
export async function currentRevisionNumber(db: Db, bot: BotRow): Promise<number | null> {
  if (bot.current_revision_id === null) return null;
  const row = await db
    .selectFrom('bot_revisions')
    .select('number')
    .where('id', '=', bot.current_revision_id)
    .executeTakeFirst();
  return row?.number ?? null;
}

/**
 * What the editors open: the stored draft, or — when nothing was saved since — the current
 * revision's bundle as version 0.
 */
export async function loadDraft(db: Db, bot: BotRow): Promise<DraftRecord> {
  const [row, currentRevision] = await Promise.all([
    findDraftRow(db, bot.id),
    currentRevisionNumber(db, bot),
  ]);
  if (row) {
    return {
      bot,
      stored: true,
      version: row.version,
      baseRevision: row.base_revision,
      currentRevision,
      bundle: row.bundle,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by_name,
    };
  }
  const bundle =
    bot.current_revision_id === null ? null : (await revisionCache.load(db, bot.current_revision_id)).bundle;
  return {
    bot,
    stored: false,
    version: 0,
    baseRevision: currentRevision,
    currentRevision,
    bundle: bundle === null ? null : { bot: bundle.bot, questionnaires: bundle.questionnaires },
    updatedAt: null,
    updatedBy: null,
  };
}
