import type { TFunction } from 'i18next';
import { isImportProblemCode } from '../../../../common/api/import-problems.js';
import type { ImportRowError } from '../../../../common/api/imports.js';

// A placeholder left unfilled: the problem did not carry a param its text needs.
const UNFILLED = /\{\{\s*[A-Za-z_]+\s*\}\}/;

/**
 * What is wrong with a row (or file) of an import, in the user's language: `importProblems.<code>`
 * with the problem's params; the server's English reason for a code this UI does not know (or a
 * problem recorded before problems had codes).
 */
export function importProblemText(t: TFunction, error: ImportRowError): string {
  if (!isImportProblemCode(error.code)) return error.reason;
  const text = t(`importProblems.${error.code}`, { ...error.params, defaultValue: error.reason });
  return UNFILLED.test(text) ? error.reason : text;
}
