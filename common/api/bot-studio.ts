import { type Static, type TSchema, Type } from 'typebox';
import { ValidationView } from './chatbot.js';
import { DateTime, INT4_MAX, Nullable, PositiveInt4 } from './typebox.js';

/**
 * API shapes of the bot studio (docs/chatbot-studio.md): a bot's draft, publishing it as the next
 * revision, and the structured diff between two revisions (or a revision and the draft).
 */

/** A draft version as the editor knows it: 0 when nothing was saved since the current revision. */
const DraftVersion = Type.Integer({ minimum: 0, maximum: INT4_MAX });

export const DraftView = Type.Object({
  bot_id: Type.Integer(),
  /** False: no edit since the current revision, and `bundle` is that revision's. */
  stored: Type.Boolean(),
  version: DraftVersion,
  /** The revision the draft started from (null: the bot has none). */
  base_revision: Nullable(Type.Integer()),
  /** The bot's current revision: publishing over a newer one than `base_revision` replaces it. */
  current_revision: Nullable(Type.Integer()),
  /** Parley's bundle format (`{bot, questionnaires}`), as edited: it may have errors. */
  bundle: Type.Unknown(),
  updated_at: Nullable(DateTime),
  updated_by: Nullable(Type.String()),
  /** The engine's validation with the limits of the bot's channels: what publishing would say. */
  validation: ValidationView,
  /** The channels the bot is attached to (their button limits are checked). */
  channels: Type.Array(Type.String()),
});
export type DraftView = Static<typeof DraftView>;

export const SaveDraftBody = Type.Object({
  bundle: Type.Unknown(),
  /** The version the edit started from; a draft saved by someone else since is refused (409). */
  version: DraftVersion,
});
export type SaveDraftBody = Static<typeof SaveDraftBody>;

export const PublishDraftBody = Type.Object({
  /** The draft version published: what the author saw. */
  version: Type.Integer({ minimum: 1, maximum: INT4_MAX }),
  /** The current revision as the author knew it: a revision published since is not replaced unseen (409). */
  current_revision: Type.Optional(PositiveInt4),
});
export type PublishDraftBody = Static<typeof PublishDraftBody>;

/** `stale_draft`: who saved the draft last, and its version now. */
export const StaleDraftDetails = Type.Object({
  version: Type.Integer(),
  updated_by: Nullable(Type.String()),
  updated_at: Nullable(DateTime),
});
export type StaleDraftDetails = Static<typeof StaleDraftDetails>;

/** A revision number, or `draft`. */
export const DiffSide = Type.String({ pattern: '^(?:[1-9][0-9]{0,9}|draft)$' });

export const DiffQuery = Type.Object({ from: DiffSide, to: DiffSide });
export type DiffQuery = Static<typeof DiffQuery>;

const FieldChange = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

const KeyedChange = Type.Object({ key: Type.String(), fields: Type.Array(FieldChange) });

const Order = Nullable(Type.Object({ before: Type.Array(Type.String()), after: Type.Array(Type.String()) }));

function listDiff<R extends TSchema, C extends TSchema>(ref: R, change: C) {
  return Type.Object({
    added: Type.Array(ref),
    removed: Type.Array(ref),
    changed: Type.Array(change),
    order: Order,
  });
}

const QuickReplyRef = Type.Object({ label: Type.String(), metadata: Type.String() });
const OptionRef = Type.Object({ value: Type.String(), label: Type.String() });
const ItemRef = Type.Object({
  question: Type.String(),
  power2answer: Type.Integer(),
  referencia: Type.String(),
});

const NodeChange = Type.Object({
  code: Type.String(),
  fields: Type.Array(FieldChange),
  quick_replies: listDiff(QuickReplyRef, KeyedChange),
});

const QuestionChange = Type.Object({
  code: Type.String(),
  fields: Type.Array(FieldChange),
  options: listDiff(OptionRef, KeyedChange),
  items: listDiff(ItemRef, KeyedChange),
});

const QuestionnaireChange = Type.Object({
  id: Type.String(),
  fields: Type.Array(FieldChange),
  questions: listDiff(
    Type.Object({ code: Type.String(), type: Type.String(), question: Type.String() }),
    QuestionChange,
  ),
});

/** What changed between two bundles (src/chatbot/engine/diff.ts). */
export const BundleDiffView = Type.Object({
  from: Type.String(),
  to: Type.String(),
  settings: Type.Array(FieldChange),
  nodes: listDiff(Type.Object({ code: Type.String(), type: Type.String() }), NodeChange),
  questionnaires: listDiff(Type.Object({ id: Type.String(), name: Type.String() }), QuestionnaireChange),
});
export type BundleDiffView = Static<typeof BundleDiffView>;
