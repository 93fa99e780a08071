import type { EndState } from './events.js';
import type { MessageOption } from './messages.js';
import type { QuizSession } from './questionnaire/items.js';

/**
 * Where a conversation is. In a questionnaire the state holds the session's compiled items (a
 * snapshot of the questionnaire taken when it started), so later edits of the questionnaire never
 * reach a running conversation; the bot config itself is the revision the host keeps per
 * conversation and passes in.
 */
export type Position =
  | { readonly at: 'node'; readonly node: string }
  | {
      readonly at: 'questionnaire';
      /** The questionnaire node entered, or null when started by a restart button. */
      readonly node: string | null;
      readonly quiz: QuizSession;
    }
  | {
      readonly at: 'ended';
      readonly reason: EndState['reason'];
      /** A "back to start" button was offered: pressing it goes to `welcome_back`. */
      readonly back_to_start: boolean;
    };

/** The whole conversation state: plain JSON (stored in a jsonb column). */
export interface ConversationState {
  readonly version: 1;
  /** Sequence number of the current (or last) conversation with this user: 1, 2, … */
  readonly conversation: number;
  /** First inbound message of the conversation, epoch ms. */
  readonly started_at: number;
  readonly last_inbound_at: number;
  /** Sticky tag of the conversation; null until a scenario matches (events use the default). */
  readonly tag_code: number | null;
  /** Last analytics step, for `previous_step_code` and terminal events. */
  readonly step: { readonly code: string; readonly previous: string | null } | null;
  readonly position: Position;
  /** Options of the last message that had any: typed answers match them; errors resend them. */
  readonly prompt: readonly MessageOption[];
  /** When the conversation times out (epoch ms); null when ended or timeouts are off. */
  readonly deadline: number | null;
}

export function isActive(state: ConversationState): boolean {
  return state.position.at !== 'ended';
}
