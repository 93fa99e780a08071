import type { Db } from '../../db/index.js';
import { Invalid } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import { InvalidBot, problems } from '../issues.js';
import { addRevision, botForImport } from './add-revision.js';
import type { BotImportOutcome } from './import-penhas.js';

/**
 * Imports a Parley bundle as the next revision of the bot it names (or of `botName`), creating the
 * bot on first import. Nothing is written when the bundle has any error.
 */
export async function importBundle(
  db: Db,
  input: { bundle: unknown; botName?: string | null | undefined; actorId: number | null },
): Promise<BotImportOutcome> {
  const checked = checkBundle(input.bundle);
  if (!checked.ok) {
    throw new InvalidBot(
      `Nothing imported: ${problems(checked.errors.length)} in the bundle.`,
      checked.errors,
    );
  }
  const botName = input.botName?.trim() || checked.name;
  if (!botName)
    throw new Invalid('The bundle has no "name": give the bot name.', undefined, 'bot_name_required');
  return db.transaction().execute(async (trx) => {
    const bot = await botForImport(trx, botName);
    const again = checkBundle(checked.bundle, bot.channels);
    if (!again.ok) {
      throw new InvalidBot(`Nothing imported: ${problems(again.errors.length)} in the bundle.`, again.errors);
    }
    const revision = await addRevision(trx, {
      bot,
      bundle: again.bundle,
      source: 'import_bundle',
      warnings: checked.warnings,
      actorId: input.actorId,
    });
    return { bot, revision, created: bot.current_revision_id === null, warnings: checked.warnings };
  });
}
