import type { Db } from '../../db/index.js';
import type { BotRevisionRow } from '../../db/rows.js';
import { NotFound } from '../../errors.js';
import { lockBot } from '../queries.js';
import { readRevision } from '../revisions.js';
import { addRevision } from './add-revision.js';

/**
 * Reverting never rewrites history: the old revision's config and questionnaires are copied into
 * a new revision, which becomes current. Conversations already running keep their revision.
 */
export async function revertRevision(
  db: Db,
  input: { botId: number; number: number; actorId: number | null },
): Promise<BotRevisionRow> {
  return db.transaction().execute(async (trx) => {
    const bot = await lockBot(trx, input.botId);
    if (!bot) throw new NotFound('Bot');
    const old = await trx
      .selectFrom('bot_revisions')
      .select(['id', 'warnings'])
      .where('bot_id', '=', bot.id)
      .where('number', '=', input.number)
      .executeTakeFirst();
    if (!old) throw new NotFound(`Revision ${input.number}`);
    const loaded = await readRevision(trx, old.id);
    return addRevision(trx, {
      bot,
      bundle: loaded.bundle,
      source: 'revert',
      revertedFrom: input.number,
      actorId: input.actorId,
    });
  });
}
