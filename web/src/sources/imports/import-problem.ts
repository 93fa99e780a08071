import type { TFunction } from 'i18next';
import { isImportProblemCode } from '../../../../common/api/import-problems.js';
import type { ImportRowError } from '../../../../common/api/imports.js';
import { translatedOr } from '../../ui/errors.js';

/**
 * What is wrong with a row (or file) of an import, in the user's language: `importProblems.<code>`
 * with the problem's params; the server's English reason for a code this UI does not know (or a
 * problem recorded before problems had codes).
 */
export function importProblemText(t: TFunction, error: ImportRowError): string {
  if (!isImportProblemCode(error.code)) return error.reason;
  return translatedOr(t, `importProblems.${error.code}`, { ...error.params }, error.reason);
}
