import type { Db } from '../../db/index.js';
import type { BotRevisionRow } from '../../db/rows.js';
import { Conflict, NotFound } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import { addRevision } from '../commands/add-revision.js';
import { InvalidBot, problems } from '../issues.js';
import { lockBot } from '../queries.js';
import { staleDraft } from './save-draft.js';
import { currentRevisionNumber, findDraftRow } from './store.js';

export interface PublishDraftInput {
  readonly botId: number;
  /** The draft version the author saw. */
  readonly version: number;
  /** The current revision as the author knew it; absent: not checked. */
  readonly currentRevision?: number | undefined;
  readonly actorId: number | null;
}

/**
 * "Publish": the full validation (with the limits of the bot's channels) and, when it passes, the
 * draft becomes the bot's next revision and the draft is gone. Conversations already running keep
 * the revision they started on. Refused, with nothing changed: a draft with any error (422, every
 * issue with its JSON path), a draft saved since the author last saw it, a revision published
 * since the author last looked.
 */
export async function publishDraft(db: Db, input: PublishDraftInput): Promise<BotRevisionRow> {
  return db.transaction().execute(async (trx) => {
    const bot = await lockBot(trx, input.botId);
    if (!bot) throw new NotFound('Bot');
    const row = await findDraftRow(trx, bot.id);
    if (!row) throw new Conflict('There is no draft to publish: change something first.', 'no_draft');
    if (row.version !== input.version) throw staleDraft(row);
    const current = await currentRevisionNumber(trx, bot);
    if (input.currentRevision !== undefined && current !== null && current !== input.currentRevision) {
      throw new Conflict(
        `Revision ${current} was published after revision ${input.currentRevision}: look at its changes before publishing over it.`,
        'stale_revision',
      );
    }
    const checked = checkBundle(row.bundle, bot.channels);
    if (!checked.ok) {
      throw new InvalidBot(
        `Nothing published: ${problems(checked.errors.length)} in the draft.`,
        checked.errors,
      );
    }
    const revision = await addRevision(trx, {
      bot,
      bundle: checked.bundle,
      source: 'editor',
      warnings: checked.warnings,
      actorId: input.actorId,
    });
    await trx.deleteFrom('bot_drafts').where('bot_id', '=', bot.id).execute();
    return revision;
  });
}

/** Throws the draft away: the editors open the current revision again. */
export async function discardDraft(db: Db, botId: number): Promise<void> {
  await db.deleteFrom('bot_drafts').where('bot_id', '=', botId).execute();
}
