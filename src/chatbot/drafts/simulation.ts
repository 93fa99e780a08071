import type { Db } from '../../db/index.js';
import type { BotRow } from '../../db/rows.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { checkBundle } from '../bundle-file.js';
import type { BotBundle } from '../engine/index.js';
import { InvalidBot, problems } from '../issues.js';
import { findRevision } from '../queries.js';
import { revisionCache } from '../revisions.js';
import type { SimulationToken } from '../simulator-session.js';
import { currentRevisionNumber, findDraftRow } from './store.js';

/** What a simulation step runs on: a revision, or the bot's draft before it is published. */
export interface SimulationSource {
  readonly bundle: BotBundle;
  /** The revision shown (for a draft: the current one). */
  readonly revision: number;
  readonly revisionId: number | null;
  readonly draft: { readonly botId: number; readonly version: number } | null;
}

export interface SimulationAsked {
  readonly token: SimulationToken | null;
  /** A new simulation of this revision. */
  readonly revision?: number | undefined;
  /** A new simulation of the draft (the current revision when nothing is drafted). */
  readonly draft?: boolean | undefined;
}

/**
 * Picks what to simulate: what the token names, else the draft when asked (it must pass the
 * validation, channel limits aside), else the revision asked, else the current one. A draft
 * saved since the simulation began ends it (`draft_changed`): its state may not fit any more.
 */
export async function simulationSource(
  db: Db,
  bot: BotRow,
  asked: SimulationAsked,
): Promise<SimulationSource> {
  const { token } = asked;
  if (token?.draft || (token === null && asked.draft)) {
    if (token?.draft && token.draft.botId !== bot.id) throw otherBot();
    const draft = await draftSource(db, bot, token?.draft?.version ?? null);
    if (draft) return draft;
  }
  let revisionId = token?.revisionId ?? bot.current_revision_id;
  if (token === null && asked.revision !== undefined) {
    const chosen = await findRevision(db, bot.id, asked.revision);
    if (!chosen) throw new NotFound(`Revision ${asked.revision}`);
    revisionId = chosen.id;
  }
  if (revisionId === null) throw new Conflict('The bot has no revision yet.', 'bot_not_ready');
  const revision = await revisionCache.load(db, revisionId);
  if (revision.botId !== bot.id) throw otherBot();
  return { bundle: revision.bundle, revision: revision.number, revisionId, draft: null };
}

/** The stored draft, validated; null when there is none (and none was being simulated). */
async function draftSource(db: Db, bot: BotRow, version: number | null): Promise<SimulationSource | null> {
  const row = await findDraftRow(db, bot.id);
  if (version !== null && row?.version !== version) {
    throw new Conflict('The draft changed since this simulation began: start it again.', 'draft_changed');
  }
  if (!row) return null;
  const checked = checkBundle(row.bundle);
  if (!checked.ok) {
    throw new InvalidBot(
      `The draft cannot be tried: ${problems(checked.errors.length)} in it.`,
      checked.errors,
    );
  }
  return {
    bundle: checked.bundle,
    revision: (await currentRevisionNumber(db, bot)) ?? 0,
    revisionId: null,
    draft: { botId: bot.id, version: row.version },
  };
}

function otherBot() {
  return new Invalid('This simulation belongs to another bot.', undefined, 'invalid_simulation');
}
