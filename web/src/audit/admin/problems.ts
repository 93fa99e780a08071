import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Why a field of the audit admin forms is invalid; `useProblemText` turns it into text. */
export type Problem =
  | { code: 'required' }
  | { code: 'notInteger' }
  | { code: 'min'; min: number }
  | { code: 'max'; max: number }
  | { code: 'tooLong'; max: number }
  | { code: 'campaignIds'; token: string }
  | { code: 'keyPattern' }
  | { code: 'keyTaken' }
  /** The server's own message for this field (English, from schema validation). */
  | { code: 'server'; message: string };

export function useProblemText(): (problem: Problem | undefined) => string | undefined {
  const { t } = useTranslation();
  return useCallback(
    (problem: Problem | undefined) => {
      if (!problem) return undefined;
      switch (problem.code) {
        case 'server':
          return problem.message;
        case 'required':
          return t('validation.required');
        case 'tooLong':
          return t('validation.tooLong', { max: problem.max });
        case 'notInteger':
          return t('auditAdmin.problems.notInteger');
        case 'min':
          return t('auditAdmin.problems.min', { min: problem.min });
        case 'max':
          return t('auditAdmin.problems.max', { max: problem.max });
        case 'campaignIds':
          return t('auditAdmin.problems.campaignIds', { token: problem.token });
        case 'keyPattern':
          return t('auditAdmin.problems.keyPattern');
        case 'keyTaken':
          return t('auditAdmin.problems.keyTaken');
      }
    },
    [t],
  );
}

/** A number typed into a NumberInput (`''` when empty), checked against a range; `null` stands for empty. */
export function checkNumber(
  value: number | string,
  { min, max, integer }: { min?: number; max?: number; integer: boolean },
): Problem | undefined {
  if (value === '') return { code: 'required' };
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return { code: 'required' };
  if (integer && !Number.isInteger(number)) return { code: 'notInteger' };
  if (min !== undefined && number < min) return { code: 'min', min };
  if (max !== undefined && number > max) return { code: 'max', max };
  return undefined;
}

/** After the errors are rendered, moves focus (and the view) to the first invalid field of `form`. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
