import type { SystemLabels } from '../../bot.js';
import type { OutgoingMessage } from '../../messages.js';
import type { Responses } from '../../relevance/values.js';
import type { ItemKind, ItemOf, QuizItem } from '../items.js';
import type { Question, QuestionType } from '../question.js';

export interface RenderContext {
  readonly responses: Responses;
  readonly labels: SystemLabels;
}

/** What an answer to an item leads to. */
export type AnswerOutcome =
  | { readonly kind: 'accepted'; readonly responses: Responses; readonly chosen: string | null }
  /** Not taken; `error` is shown before the question again (null: the bot's `error_msg`). */
  | { readonly kind: 'invalid'; readonly error: string | null }
  /** A CEP to look up before the answer can be taken (a wait the host resumes). */
  | { readonly kind: 'lookup'; readonly cep: string };

/** How one kind of questionnaire item is shown and answered. */
export interface ItemBehaviour<K extends ItemKind> {
  /** Takes an answer: a pull stops after the first relevant input. */
  readonly input: boolean;
  /** Typed text is the answer itself (text, CEP) rather than matched to an option. */
  readonly freeText: boolean;
  /** Step code recorded in analytics when shown; null: not recorded (intro texts). */
  stepCode(item: ItemOf<K>): string | null;
  render(item: ItemOf<K>, ctx: RenderContext): OutgoingMessage[];
  answer(item: ItemOf<K>, value: string, responses: Responses): AnswerOutcome;
}

export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

/** Builds a question's own items (intro texts are added by compile.ts); `ref` numbers them. */
export type CompileQuestion<T extends QuestionType> = (
  question: QuestionOf<T>,
  base: { readonly code: string; readonly relevance: string },
  ref: () => string,
) => QuizItem[];

export const NOT_AN_INPUT: AnswerOutcome = { kind: 'invalid', error: null };
