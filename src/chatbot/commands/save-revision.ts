import type { BotRevisionSource } from '../../../common/api/chatbot.js';
import type { Db } from '../../db/index.js';
import type { BotRevisionRow } from '../../db/rows.js';
import { Conflict, NotFound } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import { InvalidBot, problems } from '../issues.js';
import { lockBot } from '../queries.js';
import { addRevision } from './add-revision.js';

export interface SaveRevisionInput {
  readonly botId: number;
  /** The bundle as parsed from the editor or a file (validated here). */
  readonly bundle: unknown;
  /** The revision the editor started from: saving over a newer one is refused. */
  readonly baseRevision?: number | null | undefined;
  readonly source?: BotRevisionSource;
  readonly actorId: number | null;
}

/** Validates a bundle and saves it as the bot's next revision; nothing is saved on any error. */
export async function saveRevision(db: Db, input: SaveRevisionInput): Promise<BotRevisionRow> {
  return db.transaction().execute(async (trx) => {
    const bot = await lockBot(trx, input.botId);
    if (!bot) throw new NotFound('Bot');
    const checked = checkBundle(input.bundle, bot.channels);
    if (!checked.ok) {
      throw new InvalidBot(`Nothing saved: ${problems(checked.errors.length)} in the bot.`, checked.errors);
    }
    if (input.baseRevision !== undefined && input.baseRevision !== null) {
      const current = await trx
        .selectFrom('bot_revisions')
        .select('number')
        .where('id', '=', bot.current_revision_id ?? 0)
        .executeTakeFirst();
      if (current && current.number !== input.baseRevision) {
        throw new Conflict(
          `Revision ${current.number} was saved after revision ${input.baseRevision}, which you edited. Reload and apply your changes again.`,
          'stale_revision',
        );
      }
    }
    return addRevision(trx, {
      bot,
      bundle: checked.bundle,
      source: input.source ?? 'editor',
      warnings: checked.warnings,
      actorId: input.actorId,
    });
  });
}
