import { type Static, Type } from 'typebox';
import { BotTag } from './bot-conversations.js';
import { Day, INT4_MAX, Nullable } from './typebox.js';

/**
 * Where people drop off in a bot (docs/chatbot-studio.md, "Where people drop off"): per step —
 * a decision-tree node or a questionnaire question — how many conversations reached it and what
 * they did there, and how many moved along each edge. The same numbers as the built-in report
 * `chatbot-drop-off` (one SQL function behind both).
 */

export const DropOffQuery = Type.Object(
  {
    /** Conversations started on or after this day (UTC); absent: from the first. */
    from: Type.Optional(Day),
    /** Conversations started on or before this day (UTC); absent: to the last. */
    to: Type.Optional(Day),
    /** Only conversations that ended up with this tag code. */
    tag: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4_MAX })),
  },
  { additionalProperties: false },
);
export type DropOffQuery = Static<typeof DropOffQuery>;

const Count = Type.Integer({ minimum: 0 });

/** One step: reached = went_on + gave_up + timed_out + still_there. */
export const DropOffStep = Type.Object({
  /** The node's or question's code (a yes/no group item: `<code>_<referencia>`). */
  code: Type.String(),
  /** The questionnaire the step was first recorded in; null for a decision-tree node. */
  questionnaire_id: Nullable(Type.String()),
  reached: Count,
  /** Moved on to another step, or finished the conversation here. */
  went_on: Count,
  gave_up: Count,
  timed_out: Count,
  /** Last seen here with no ending recorded yet. */
  still_there: Count,
});
export type DropOffStep = Static<typeof DropOffStep>;

/** Conversations that went from one step straight to the next. */
export const DropOffMove = Type.Object({ from: Type.String(), to: Type.String(), conversations: Count });
export type DropOffMove = Static<typeof DropOffMove>;

export const DropOffView = Type.Object({
  from: Nullable(Day),
  to: Nullable(Day),
  tag: Nullable(Type.Integer()),
  /** Conversations of the period (and tag). */
  conversations: Count,
  steps: Type.Array(DropOffStep),
  moves: Type.Array(DropOffMove),
  /** The tag codes there are, for the filter. */
  tags: Type.Array(BotTag),
});
export type DropOffView = Static<typeof DropOffView>;
