import type { TFunction } from 'i18next';
import type { TemplateProblem } from '../../../common/api/email.js';
import { ApiError } from '../api/client.js';

function isProblem(value: unknown): value is TemplateProblem {
  if (typeof value !== 'object' || value === null) return false;
  const problem = value as Record<string, unknown>;
  return (
    typeof problem.part === 'string' &&
    typeof problem.line === 'number' &&
    typeof problem.problem === 'string'
  );
}

/** The problems of a refused save (`invalid_email_template`), or null for any other error. */
export function templateProblemsOf(error: unknown): TemplateProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_email_template') return null;
  return Array.isArray(error.details) ? error.details.filter(isProblem) : null;
}

/** One problem in the user's language: where (part, line, column) and what. */
export function problemText(t: TFunction, problem: TemplateProblem): string {
  return t(`email.templates.problem.${problem.problem}`, {
    part: t(`email.templates.parts.${problem.part}`),
    line: problem.line,
    column: problem.column,
    detail: problem.detail,
  });
}
