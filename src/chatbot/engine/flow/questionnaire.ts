import { findQuestionnaire } from '../bot.js';
import { encodeChoice } from '../choices.js';
import { message } from '../messages.js';
import type { LookupResult } from '../questionnaire/cep.js';
import { startQuiz } from '../questionnaire/compile.js';
import { type Answered, answer, present, resumeLookup, waitingLookup } from '../questionnaire/engine.js';
import type { QuizSession } from '../questionnaire/items.js';
import { END_BUTTON_VALUE } from '../questionnaire/kinds/botao-fim.js';
import { renderItem, stepCodeOf, takesFreeText } from '../questionnaire/kinds/index.js';
import type { Turn } from './turn.js';

type AtQuestionnaire = Extract<Turn['state']['position'], { at: 'questionnaire' }>;

/** Starts a questionnaire session and sends all its first messages. */
export function startQuestionnaire(turn: Turn, questionnaireId: string, node: string | null): void {
  const questionnaire = findQuestionnaire(turn.questionnaires, questionnaireId);
  if (!questionnaire) {
    turn.end('error', { error: `questionnaire '${questionnaireId}' not found` });
    return;
  }
  showQuestionnaire(turn, startQuiz(questionnaire, turn.now), node);
}

/**
 * Shows what the questionnaire engine makes visible. Each shown step with a new code is recorded.
 * End buttons act when shown: `finish` ends the conversation (no timeout afterwards) with a "back
 * to start" button; `restart` without a button restarts at once; `restart` with a button waits
 * for it. A questionnaire with nothing left to answer ends the conversation cleanly.
 */
function showQuestionnaire(turn: Turn, quiz: QuizSession, node: string | null): void {
  const presented = present(quiz);
  turn.position = { at: 'questionnaire', node, quiz: presented.session };
  if (!presented.ok) {
    turn.end('error', { error: presented.error });
    return;
  }
  let session = presented.session;
  for (const item of presented.visible) {
    const code = stepCodeOf(item);
    if (code !== null && code !== turn.state.step?.code) {
      turn.step(code, 'DURING_QUESTIONNAIRE', session.questionnaire_id);
    }
    const ctx = { responses: session.responses, labels: turn.labels };
    if (item.kind === 'botao_fim' && (item.end === 'finish' || item.button_label === null)) {
      // The end button's answer is recorded (PenhaS never posted it, so sessions never finished).
      session = { ...session, responses: { ...session.responses, [item.code]: END_BUTTON_VALUE } };
      turn.position = { at: 'questionnaire', node, quiz: session };
      turn.send(...renderItem(item, ctx));
      if (item.end === 'finish') turn.end('finished', { backToStart: true });
      else turn.askRestart();
      return;
    }
    turn.send(...renderItem(item, ctx));
  }
  if (presented.over) {
    const endMessage = turn.bot.end_message ?? '';
    if (endMessage !== '') {
      turn.send(
        message(endMessage, [
          { label: turn.labels.back_to_start, value: encodeChoice({ kind: 'back_to_start' }) },
        ]),
      );
    }
    turn.end('finished', { backToStart: endMessage !== '' });
  }
}

/** An answer (button or typed) to a questionnaire item. */
export function answerQuestionnaire(turn: Turn, at: AtQuestionnaire, ref: string, value: string): void {
  handleAnswered(turn, at, answer(at.quiz, ref, value));
}

/** The host's result for the CEP lookup the state waits for (stale results are ignored). */
export function resumeQuestionnaireLookup(
  turn: Turn,
  at: AtQuestionnaire,
  cep: string,
  result: LookupResult,
): void {
  if (at.quiz.lookup === null || at.quiz.lookup.cep !== cep) return;
  handleAnswered(turn, at, resumeLookup(at.quiz, result));
}

function handleAnswered(turn: Turn, at: AtQuestionnaire, answered: Answered): void {
  turn.position = { ...at, quiz: answered.session };
  switch (answered.kind) {
    case 'lookup': {
      const effect = waitingLookup(answered.session);
      if (effect) turn.effects.push(effect);
      return;
    }
    case 'invalid': {
      const item = answered.item;
      if (item === null || answered.error === null) {
        sendError(turn);
        return;
      }
      // A typed answer that failed its check: the reason, then the question again with the exit
      // button (PenhaS armed "Sair" after an error text).
      turn.send(message(answered.error));
      const asked = renderItem(item, { responses: answered.session.responses, labels: turn.labels });
      if (takesFreeText(item)) {
        const exit = { label: turn.labels.exit, value: encodeChoice({ kind: 'exit' }) };
        turn.send(...asked.map((m) => ({ ...m, options: [...m.options, exit] })));
      } else {
        turn.send(...asked);
      }
      return;
    }
    case 'accepted':
      turn.tag(answered.chosen);
      if (answered.item.kind === 'botao_fim') {
        turn.askRestart();
        return;
      }
      showQuestionnaire(turn, answered.session, at.node);
  }
}

/** The bot's `error_msg` with the current options again. */
export function sendError(turn: Turn): void {
  turn.send(message(turn.bot.error_msg, turn.state.prompt));
}
