import type { Db } from '../../db/index.js';
import type { BotRevisionRow, BotRow } from '../../db/rows.js';
import { Invalid } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import { type BotIssue, InvalidBot, problems } from '../issues.js';
import { convertPenhasFiles, type PenhasFiles } from '../penhas-files.js';
import { addRevision, botForImport } from './add-revision.js';

export interface BotImportOutcome {
  readonly bot: BotRow;
  readonly revision: BotRevisionRow;
  readonly created: boolean;
  readonly warnings: readonly BotIssue[];
}

/**
 * Imports a PenhaS bot (config JSON + quiz_config CSV or JSON) as the named bot's next revision,
 * creating the bot on first import. Every problem is reported at once and nothing is written when
 * there is any.
 */
export async function importPenhas(
  db: Db,
  input: { botName: string; files: PenhasFiles; actorId: number | null },
): Promise<BotImportOutcome> {
  const botName = input.botName.trim();
  if (botName === '') throw new Invalid('A bot name is needed.', undefined, 'bot_name_required');
  const converted = convertPenhasFiles(input.files);
  if (!converted.ok) {
    throw new InvalidBot(
      `Nothing imported: ${problems(converted.errors.length)} in the PenhaS files.`,
      converted.errors,
    );
  }
  return db.transaction().execute(async (trx) => {
    const bot = await botForImport(trx, botName);
    // The bot's channels may be stricter than PenhaS's own checks (button limits).
    const checked = checkBundle(converted.bundle, bot.channels);
    if (!checked.ok) {
      throw new InvalidBot(
        `Nothing imported: ${problems(checked.errors.length)} in the bot.`,
        checked.errors,
      );
    }
    const revision = await addRevision(trx, {
      bot,
      bundle: checked.bundle,
      source: 'import_penhas',
      warnings: converted.warnings,
      actorId: input.actorId,
    });
    return { bot, revision, created: bot.current_revision_id === null, warnings: converted.warnings };
  });
}
