import type { BotConfig } from '../bot.js';
import { labelsOf } from '../bot.js';
import type { Effect } from '../effects.js';
import type { AnalyticsEvent, AnalyticsState, EndState } from '../events.js';
import type { MessageOption, OutgoingMessage } from '../messages.js';
import type { Questionnaire } from '../questionnaire/question.js';
import type { ConversationState, Position } from '../state.js';

/** A conversation begun during a turn. */
export interface ConversationStart {
  readonly conversation: number;
  readonly at: number;
}

/** The outcome of one call to start() or resume(). */
export interface TurnResult {
  readonly state: ConversationState;
  /** To send, in order. */
  readonly messages: readonly OutgoingMessage[];
  /** Analytics rows to append, in order. */
  readonly events: readonly AnalyticsEvent[];
  /** Outside work to do, then resume with its result (a `lookup` → `lookup_result`). */
  readonly effects: readonly Effect[];
  /** When to resume with `{ kind: 'timeout' }` if nothing arrives before; null: never. */
  readonly deadline: number | null;
  /** Conversations begun in this turn (usually none or one). */
  readonly started: readonly ConversationStart[];
  /** Conversations ended in this turn (usually none or one; gave up + restart ends one, begins one). */
  readonly ended: readonly EndState[];
}

/** Bound on conversations restarted in one turn (a restart questionnaire that restarts at once). */
const MAX_RESTARTS = 3;

/**
 * The accumulator of one turn. Mutable inside one call only: start() and resume() build one, let
 * the flow functions act on it, and return its result; nothing outlives the call.
 */
export class Turn {
  state: ConversationState;
  readonly messages: OutgoingMessage[] = [];
  readonly events: AnalyticsEvent[] = [];
  readonly effects: Effect[] = [];
  readonly started: ConversationStart[] = [];
  readonly ended: EndState[] = [];
  private restarts = 0;
  private restartAsked = false;
  private sentThisTurn = false;
  private lastOptions: readonly MessageOption[] = [];

  constructor(
    readonly bot: BotConfig,
    readonly questionnaires: readonly Questionnaire[],
    readonly now: number,
    state: ConversationState,
  ) {
    this.state = state;
  }

  get labels() {
    return labelsOf(this.bot);
  }

  set position(position: Position) {
    this.state = { ...this.state, position };
  }

  send(...messages: OutgoingMessage[]): void {
    for (const m of messages) {
      this.messages.push(m);
      this.sentThisTurn = true;
      if (m.options.length > 0) this.lastOptions = m.options;
    }
  }

  /** Starts a new conversation: new sequence number, start time, tag and step history. */
  newConversation(): void {
    const conversation = this.state.conversation + 1;
    this.state = { ...this.state, conversation, started_at: this.now, tag_code: null, step: null };
    this.started.push({ conversation, at: this.now });
  }

  /**
   * Asks for a restart (a questionnaire's end button). The step that asks returns at once, and
   * session.ts does the restart once the step is over: questionnaires need not know how to enter
   * a decision-tree node (flow/restart.ts).
   */
  askRestart(): void {
    this.restartAsked = true;
  }

  /** Whether a restart was asked since the last call; clears the request. */
  takeRestart(): boolean {
    const asked = this.restartAsked;
    this.restartAsked = false;
    return asked;
  }

  /** Counts restarts, so a restart questionnaire that restarts at once cannot loop. */
  allowRestart(): boolean {
    this.restarts++;
    return this.restarts <= MAX_RESTARTS;
  }

  /** Sets the sticky tag from a step code or chosen value, if still unset and a scenario matches. */
  tag(code: string | null): void {
    if (code === null || this.state.tag_code !== null) return;
    const scenario = this.bot.tag_code_config.scenarios.find((s) => s.check_code === code);
    if (scenario) this.state = { ...this.state, tag_code: scenario.tag_code_value };
  }

  /** Records a step: the user reached a node or was shown a questionnaire step. */
  step(code: string, state: AnalyticsState, questionnaireId: string | null): void {
    this.tag(code);
    const previous = this.state.step?.code ?? null;
    this.state = { ...this.state, step: { code, previous } };
    this.record(state, code, previous, questionnaireId, null);
  }

  /**
   * Ends the conversation. A terminal analytics state repeats the last step's code and previous
   * code; `error` ends record nothing.
   */
  end(
    reason: EndState['reason'],
    options: { backToStart?: boolean; timeoutAt?: number; error?: string } = {},
  ): void {
    const state = TERMINAL_STATES[reason];
    const position = this.state.position;
    const quiz = position.at === 'questionnaire' ? position.quiz : null;
    const questionnaireId = quiz?.questionnaire_id ?? null;
    if (state !== null) {
      const step = this.state.step;
      this.record(
        state,
        step?.code ?? '',
        step?.previous ?? null,
        questionnaireId,
        options.timeoutAt ?? null,
      );
    }
    this.ended.push({
      conversation: this.state.conversation,
      reason,
      state,
      at: this.now,
      questionnaire_id: questionnaireId,
      responses: quiz?.responses ?? null,
      error: options.error ?? null,
    });
    this.position = { at: 'ended', reason, back_to_start: options.backToStart ?? false };
  }

  private record(
    state: AnalyticsState,
    step: string,
    previous: string | null,
    questionnaireId: string | null,
    timeoutAt: number | null,
  ): void {
    this.events.push({
      conversation: this.state.conversation,
      state,
      step_code: step,
      previous_step_code: previous,
      tag_code: this.state.tag_code ?? this.bot.tag_code_config.default,
      questionnaire_id: questionnaireId,
      created_at: this.now,
      first_msg_at: this.state.started_at,
      timeout_at: timeoutAt,
    });
  }

  /**
   * The result. `inbound`: the turn answered a user message, so the timeout restarts from now;
   * otherwise (timeout, lookup result) the deadline stays. Ended conversations have none.
   */
  result(inbound: boolean): TurnResult {
    let deadline = inbound ? null : this.state.deadline;
    if (inbound && this.bot.timeout_seconds > 0) deadline = this.now + this.bot.timeout_seconds * 1000;
    if (this.state.position.at === 'ended') deadline = null;
    // The prompt is the last message-with-buttons of this turn; a turn that sent only plain
    // messages leaves none; a turn that sent nothing keeps the previous one.
    const prompt = this.sentThisTurn ? this.lastOptions : this.state.prompt;
    const lastInbound = inbound ? this.now : this.state.last_inbound_at;
    const state: ConversationState = { ...this.state, deadline, prompt, last_inbound_at: lastInbound };
    return {
      state,
      messages: this.messages,
      events: this.events,
      effects: this.effects,
      deadline,
      started: this.started,
      ended: this.ended,
    };
  }
}

const TERMINAL_STATES: { readonly [R in EndState['reason']]: AnalyticsState | null } = {
  finished: 'QUESTIONNAIRE_FINISHED',
  timeout: 'QUESTIONNAIRE_TIMEOUT',
  gave_up: 'QUESTIONNAIRE_GAVE_UP',
  error: null,
};
