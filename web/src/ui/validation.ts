import { LIMITS } from '../../../common/limits.js';

/** Why a form field is invalid; `useFieldErrorText` turns it into a translated message. */
export type FieldError =
  | { code: 'required' }
  | { code: 'tooShort'; min: number }
  | { code: 'tooLong'; max: number }
  | { code: 'invalidEmail' }
  | { code: 'emailTaken' }
  | { code: 'passwordMismatch' };

/** Length as JSON Schema counts it (code points), so the limits mean what the server's schemas mean. */
function length(value: string): number {
  return [...value].length;
}

// Deliberately loose: the server has the final word, this only catches typos early.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkRequired(value: string): FieldError | undefined {
  return value.trim() === '' ? { code: 'required' } : undefined;
}

export function checkEmail(value: string): FieldError | undefined {
  const email = value.trim();
  if (email === '') return { code: 'required' };
  if (length(email) > LIMITS.emailMax) return { code: 'tooLong', max: LIMITS.emailMax };
  if (!EMAIL_PATTERN.test(email)) return { code: 'invalidEmail' };
  return undefined;
}

export function checkName(value: string): FieldError | undefined {
  return length(value.trim()) > LIMITS.nameMax ? { code: 'tooLong', max: LIMITS.nameMax } : undefined;
}

/** A password that is being set (new, initial or reset). */
export function checkNewPassword(value: string): FieldError | undefined {
  if (value === '') return { code: 'required' };
  if (length(value) < LIMITS.passwordMin) return { code: 'tooShort', min: LIMITS.passwordMin };
  if (length(value) > LIMITS.passwordMax) return { code: 'tooLong', max: LIMITS.passwordMax };
  return undefined;
}

/** A password that is only being checked (sign-in, current password). */
export function checkExistingPassword(value: string): FieldError | undefined {
  if (value === '') return { code: 'required' };
  if (length(value) > LIMITS.passwordMax) return { code: 'tooLong', max: LIMITS.passwordMax };
  return undefined;
}
