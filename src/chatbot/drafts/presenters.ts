import type { BundleDiffView, DraftView } from '../../../common/api/bot-studio.js';
import { checkBundle } from '../bundle-file.js';
import type { BundleDiff } from '../engine/index.js';
import { presentValidation } from '../presenters.js';
import type { DraftRecord } from './store.js';

export function presentDraft(draft: DraftRecord): DraftView {
  return {
    bot_id: draft.bot.id,
    stored: draft.stored,
    version: draft.version,
    base_revision: draft.baseRevision,
    current_revision: draft.currentRevision,
    bundle: draft.bundle,
    updated_at: draft.updatedAt?.toISOString() ?? null,
    updated_by: draft.updatedBy,
    validation: presentValidation(checkBundle(draft.bundle, draft.bot.channels)),
    channels: draft.bot.channels,
  };
}

export function presentDiff(from: string, to: string, diff: BundleDiff): BundleDiffView {
  // The engine's diff is plain JSON already; the view names the two sides.
  return { from, to, ...structuredClone(diff) } as BundleDiffView;
}
