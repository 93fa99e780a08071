import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Conflict, NotFound } from '../../errors.js';
import { lockBot } from '../queries.js';
import { currentRevisionNumber, findDraftRow } from './store.js';

export interface SaveDraftInput {
  readonly botId: number;
  /** The whole bundle as edited; kept as it is, errors and all (validated when published). */
  readonly bundle: unknown;
  /** The version the edit started from (0: the current revision, no draft yet). */
  readonly version: number;
  readonly actorId: number | null;
}

/**
 * Autosave: stores the bundle as the bot's draft and returns its new version. A save that did not
 * start from the stored version (someone else saved since) is refused with `stale_draft`, naming
 * who saved last, so two people never overwrite each other unseen.
 */
export async function saveDraft(db: Db, input: SaveDraftInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const bot = await lockBot(trx, input.botId);
    if (!bot) throw new NotFound('Bot');
    const row = await findDraftRow(trx, bot.id);
    const stored = row?.version ?? 0;
    if (stored !== input.version) throw staleDraft(row);
    const bundle = JSON.stringify(input.bundle);
    if (!row) {
      await trx
        .insertInto('bot_drafts')
        .values({
          bot_id: bot.id,
          bundle,
          version: 1,
          base_revision: await currentRevisionNumber(trx, bot),
          updated_by: input.actorId,
        })
        .execute();
      return 1;
    }
    await trx
      .updateTable('bot_drafts')
      .set({ bundle, version: stored + 1, updated_at: sql`now()`, updated_by: input.actorId })
      .where('bot_id', '=', bot.id)
      .execute();
    return stored + 1;
  });
}

/** The draft was saved by someone else (or another tab) since this edit began. */
export function staleDraft(
  row: { version: number; updated_at: Date; updated_by_name: string | null } | undefined,
): Conflict {
  const by = row?.updated_by_name ?? null;
  return new Conflict(
    row
      ? `The draft was saved${by ? ` by ${by}` : ''} meanwhile (version ${row.version}): reload it before saving again.`
      : 'The draft was published or discarded meanwhile: reload it before saving again.',
    'stale_draft',
    {
      version: row?.version ?? 0,
      updated_by: by,
      updated_at: row?.updated_at.toISOString() ?? null,
    },
  );
}
