import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from './validation.js';

export type FormErrors<T> = Partial<Record<keyof T, FieldError>>;

/**
 * Minimal controlled-form state: values, per-field errors from a pure `validate`, and a submit
 * handler that only calls `onValid` when there are none. A field's error clears when it is edited.
 */
export function useForm<T extends object>(initialValues: T, validate: (values: T) => FormErrors<T>) {
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<FormErrors<T>>({});

  const setField = useCallback(<K extends keyof T>(field: K, value: T[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  }, []);

  const setError = useCallback(<K extends keyof T>(field: K, error: FieldError) => {
    setErrors((current) => ({ ...current, [field]: error }));
  }, []);

  const onSubmit = (onValid: (values: T) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.values(found).every((error) => error === undefined)) onValid(values);
  };

  return { values, errors, setField, setError, setValues, onSubmit };
}

/** Translates a field error for an input's `error` prop. */
export function useFieldErrorText(): (error: FieldError | undefined) => string | undefined {
  const { t } = useTranslation();
  return useCallback(
    (error: FieldError | undefined) => (error ? t(`validation.${error.code}`, { ...error }) : undefined),
    [t],
  );
}
