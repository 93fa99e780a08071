import type { BotConfig } from './bot.js';
import { handleResume } from './flow/inbound.js';
import { enterNode } from './flow/nodes/index.js';
import { restartIfAsked } from './flow/restart.js';
import { Turn, type TurnResult } from './flow/turn.js';
import type { Questionnaire } from './questionnaire/question.js';
import type { Resume, Trigger } from './resumes.js';
import type { ConversationState } from './state.js';

/**
 * The engine's entry points. Pure: the same arguments give the same result; time is `now`
 * (epoch ms) and nothing is read or written outside. The host persists `state`, sends
 * `messages`, appends `events`, does `effects` and resumes with their results, and resumes with
 * `{ kind: 'timeout' }` once `deadline` passes.
 *
 * `bot` is the revision the conversation runs on (the host keeps it per conversation);
 * `questionnaires` are those of that revision, read only when a questionnaire starts: a running
 * questionnaire lives in the state as a snapshot.
 */
export function start(
  bot: BotConfig,
  questionnaires: readonly Questionnaire[],
  _trigger: Trigger,
  now: number,
): TurnResult {
  const turn = new Turn(bot, questionnaires, now, initialState(now));
  turn.newConversation();
  enterNode(turn, bot.entry);
  restartIfAsked(turn);
  return turn.result(true);
}

export function resume(
  bot: BotConfig,
  questionnaires: readonly Questionnaire[],
  state: ConversationState,
  input: Resume,
  now: number,
): TurnResult {
  const turn = new Turn(bot, questionnaires, now, state);
  handleResume(turn, input);
  restartIfAsked(turn);
  return turn.result(input.kind === 'text' || input.kind === 'choose');
}

function initialState(now: number): ConversationState {
  return {
    version: 1,
    conversation: 0,
    started_at: now,
    last_inbound_at: now,
    tag_code: null,
    step: null,
    position: { at: 'ended', reason: 'finished', back_to_start: false },
    prompt: [],
    deadline: null,
  };
}
