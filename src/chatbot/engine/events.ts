/** Analytics states, named as in PenhaS's `analytics.state` enum (docs/chatbot.md, "Analytics events"). */
export type AnalyticsState =
  | 'DURING_DECISION_TREE'
  | 'DURING_QUESTIONNAIRE'
  | 'QUESTIONNAIRE_FINISHED'
  | 'QUESTIONNAIRE_TIMEOUT'
  | 'QUESTIONNAIRE_GAVE_UP'
  | 'QUESTIONNAIRE_RESET';

/**
 * One analytics row. Step events are recorded when the user reaches a node or is shown a
 * questionnaire step with a new code; a terminal event (finished, timeout, gave up) repeats the
 * step and previous step of the last step event, so "exit point <- origin" reports keep working
 * (PenhaS overwrote that last row on timeout; Parley appends).
 */
export interface AnalyticsEvent {
  /** Sequence number of the conversation within this user's state (1, 2, …). */
  readonly conversation: number;
  readonly state: AnalyticsState;
  readonly step_code: string;
  readonly previous_step_code: string | null;
  readonly tag_code: number;
  readonly questionnaire_id: string | null;
  /** Epoch ms. */
  readonly created_at: number;
  /** When the conversation started (its first inbound message), epoch ms. */
  readonly first_msg_at: number;
  readonly timeout_at: number | null;
}

/** Why a conversation ended. */
export interface EndState {
  readonly conversation: number;
  readonly reason: 'finished' | 'timeout' | 'gave_up' | 'error';
  /** The terminal analytics state recorded (null for an engine error). */
  readonly state: AnalyticsState | null;
  readonly at: number;
  /** The questionnaire the conversation was in when it ended, and its answers (to be kept). */
  readonly questionnaire_id: string | null;
  readonly responses: Readonly<Record<string, string | number>> | null;
  /** For `error`: what went wrong (a configuration problem the validator should have caught). */
  readonly error: string | null;
}
