import type { TFunction } from 'i18next';
import type { BotIssue } from '../../../common/api/chatbot.js';
import { translatedOr } from '../ui/errors.js';

/** An engine issue or a syntax error: its code, params and, for a syntax error, the parser's own. */
export interface CodedProblem {
  readonly message: string;
  readonly code?: string | undefined;
  readonly params?: Readonly<Record<string, string | number>> | undefined;
  readonly cause?:
    | { readonly code: string; readonly params: Readonly<Record<string, string | number>> }
    | undefined;
}

/** A relevance syntax error of the engine's parser in the user's language (`chatbots.issues.syntax.<code>`). */
export function syntaxText(
  t: TFunction,
  error: {
    readonly code: string;
    readonly params: Readonly<Record<string, string | number>>;
    readonly message: string;
  },
): string {
  return translatedOr(t, `chatbots.issues.syntax.${error.code}`, { ...error.params }, error.message);
}

/**
 * What is wrong, in the user's language: `chatbots.issues.codes.<code>` with the issue's params (a
 * JSON kind named by its word, a syntax error's detail translated too); the English message for an
 * issue without a code (some PenhaS import problems) or one this UI does not know.
 */
export function issueText(t: TFunction, issue: CodedProblem | BotIssue): string {
  if (!issue.code) return issue.message;
  const params: Record<string, string | number> = { ...issue.params };
  for (const key of ['expected', 'found']) {
    const kind = params[key];
    if (typeof kind === 'string') params[key] = translatedOr(t, `chatbots.issues.kinds.${kind}`, {}, kind);
  }
  if (issue.cause) {
    params.detail = syntaxText(t, { ...issue.cause, message: String(params.detail ?? '') });
  }
  return translatedOr(t, `chatbots.issues.codes.${issue.code}`, params, issue.message);
}
