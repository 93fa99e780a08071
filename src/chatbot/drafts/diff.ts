import type { Db } from '../../db/index.js';
import type { BotRow } from '../../db/rows.js';
import { NotFound } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import { type BotBundle, type BundleDiff, diffBundles } from '../engine/index.js';
import { InvalidBot, problems } from '../issues.js';
import { findRevision } from '../queries.js';
import { revisionCache } from '../revisions.js';
import { loadDraft } from './store.js';

/** A side of a diff: a revision number, or `draft`. */
export type DiffSide = number | 'draft';

export function parseDiffSide(text: string): DiffSide {
  return text === 'draft' ? 'draft' : Number(text);
}

/** What changed from one revision (or the draft) to another. */
export async function diffSides(db: Db, bot: BotRow, from: DiffSide, to: DiffSide): Promise<BundleDiff> {
  const [before, after] = await Promise.all([bundleOf(db, bot, from), bundleOf(db, bot, to)]);
  return diffBundles(before, after);
}

async function bundleOf(db: Db, bot: BotRow, side: DiffSide): Promise<BotBundle> {
  if (side === 'draft') {
    const draft = await loadDraft(db, bot);
    const checked = checkBundle(draft.bundle);
    if (!checked.ok) {
      throw new InvalidBot(
        `The draft cannot be compared: ${problems(checked.errors.length)} in it.`,
        checked.errors,
      );
    }
    return checked.bundle;
  }
  const revision = await findRevision(db, bot.id, side);
  if (!revision) throw new NotFound(`Revision ${side}`);
  return (await revisionCache.load(db, revision.id)).bundle;
}
