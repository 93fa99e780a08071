import type { QuizItem, QuizSession } from './items.js';
import { compileQuestion } from './kinds/index.js';
import type { Questionnaire } from './question.js';

/** A relevance left empty means "always" (PenhaS's column default was `1`). */
export function normaliseRelevance(relevance: string | undefined | null): string {
  return relevance === undefined || relevance === null || relevance.trim() === '' ? '1' : relevance;
}

/**
 * Starts a session: the questionnaire is compiled into items and kept whole in `pending` (the
 * snapshot). Intro texts come first, sharing the question's code and relevance. `start_time`
 * (epoch seconds) is set as PenhaS did, for expressions that use it.
 */
export function startQuiz(questionnaire: Questionnaire, now: number): QuizSession {
  let counter = 0;
  const ref = () => String(++counter);
  const pending: QuizItem[] = [];
  for (const question of questionnaire.questions) {
    const base = { code: question.code, relevance: normaliseRelevance(question.relevance) };
    for (const text of question.intro ?? []) pending.push({ kind: 'intro', ref: ref(), ...base, text });
    pending.push(...compileQuestion(question, base, ref));
  }
  return {
    questionnaire_id: questionnaire.id,
    pending,
    current: [],
    responses: { start_time: Math.floor(now / 1000) },
    lookup: null,
  };
}
