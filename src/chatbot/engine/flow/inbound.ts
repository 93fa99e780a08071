import { type Choice, decodeChoice, encodeChoice } from '../choices.js';
import { message } from '../messages.js';
import { visibleInputs } from '../questionnaire/engine.js';
import { takesFreeText } from '../questionnaire/kinds/index.js';
import type { Inbound, Resume } from '../resumes.js';
import { isRestartKeyword, matchOption } from '../text-match.js';
import { enterNode } from './nodes/index.js';
import { answerQuestionnaire, resumeQuestionnaireLookup, sendError } from './questionnaire.js';
import type { Turn } from './turn.js';

/** Runs one resume on the turn (docs/chatbot.md, "Conversation flow"). */
export function handleResume(turn: Turn, input: Resume): void {
  switch (input.kind) {
    case 'timeout':
      onTimeout(turn);
      return;
    case 'lookup_result': {
      const position = turn.state.position;
      if (position.at === 'questionnaire') resumeQuestionnaireLookup(turn, position, input.cep, input.result);
      return;
    }
    case 'text':
    case 'choose':
      onInbound(turn, input);
  }
}

/**
 * The host's timeout: honoured only when the conversation is active and its deadline has passed
 * (a late or duplicate sweep after a newer message changes nothing).
 */
function onTimeout(turn: Turn): void {
  const { position, deadline } = turn.state;
  if (position.at === 'ended' || deadline === null || turn.now < deadline) return;
  if (turn.bot.timeout_message !== '') turn.send(message(turn.bot.timeout_message));
  turn.end('timeout', { timeoutAt: deadline });
}

/** Starts over at `entry`, recording QUESTIONNAIRE_GAVE_UP for the conversation left. */
function giveUp(turn: Turn): void {
  turn.end('gave_up');
  turn.newConversation();
  enterNode(turn, turn.bot.entry);
}

function onInbound(turn: Turn, input: Inbound): void {
  // A message after the deadline, before the host's sweep got to it: the conversation timed out at
  // its deadline (recorded so), and this message starts a new one, as if the sweep had run. The
  // timeout message is not sent: the user is here again, "talk later" would only confuse.
  const { deadline } = turn.state;
  if (turn.state.position.at !== 'ended' && deadline !== null && turn.now >= deadline) {
    turn.end('timeout', { timeoutAt: deadline });
  }

  const position = turn.state.position;
  if (position.at === 'ended') {
    // No conversation running: a new one, at `welcome_back` for "back to start" (pressed or typed),
    // else at `entry`.
    const back = position.back_to_start && toChoice(turn, input)?.kind === 'back_to_start';
    turn.newConversation();
    enterNode(turn, back ? turn.bot.welcome_back : turn.bot.entry);
    return;
  }
  if (position.at === 'questionnaire' && position.quiz.lookup !== null) {
    // A new message while a lookup was outstanding: the newest input wins; a late result is stale.
    turn.position = { ...position, quiz: { ...position.quiz, lookup: null } };
  }
  if (input.kind === 'text' && isRestartKeyword(input.text, turn.bot.restart_keywords)) {
    giveUp(turn);
    return;
  }

  const current = turn.state.position;
  if (input.kind === 'text' && current.at === 'questionnaire') {
    // Typed text goes as it is to a question that takes free text (text, CEP): the last one shown.
    const last = visibleInputs(current.quiz).at(-1);
    if (last && takesFreeText(last)) {
      answerQuestionnaire(turn, current, last.ref, input.text);
      return;
    }
  }
  const choice = toChoice(turn, input);
  if (choice === null) {
    sendError(turn);
    return;
  }
  act(turn, choice);
}

/** A button's meaning, or the option a typed text names (label or number). */
function toChoice(turn: Turn, input: Inbound): Choice | null {
  if (input.kind === 'choose') return decodeChoice(input.value);
  const option = matchOption(input.text, turn.state.prompt);
  return option ? decodeChoice(option.value) : null;
}

function isOffered(turn: Turn, choice: Choice): boolean {
  const value = encodeChoice(choice);
  return turn.state.prompt.some((option) => option.value === value);
}

function act(turn: Turn, choice: Choice): void {
  const position = turn.state.position;
  switch (choice.kind) {
    case 'exit':
      if (isOffered(turn, choice)) giveUp(turn);
      else sendError(turn);
      return;
    case 'node':
      // Only a quick reply of the buttons on offer: an old button does not jump around the tree.
      if (isOffered(turn, choice)) enterNode(turn, choice.node);
      else sendError(turn);
      return;
    case 'answer':
      if (position.at === 'questionnaire') answerQuestionnaire(turn, position, choice.ref, choice.value);
      else sendError(turn);
      return;
    case 'back_to_start':
      sendError(turn);
      return;
  }
}
