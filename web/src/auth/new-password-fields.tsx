import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../common/limits.js';
import { PasswordField } from '../ui/password-field.js';
import { type FormErrors, useFieldErrorText } from '../ui/use-form.js';
import { checkNewPassword } from '../ui/validation.js';

/** A new password typed twice, with the same rules as everywhere a password is set. */
export interface NewPasswordValues {
  password: string;
  confirm: string;
}

export const EMPTY_NEW_PASSWORD: NewPasswordValues = { password: '', confirm: '' };

export function validateNewPassword(values: NewPasswordValues): FormErrors<NewPasswordValues> {
  return {
    password: checkNewPassword(values.password),
    confirm: values.confirm === values.password ? undefined : { code: 'passwordMismatch' },
  };
}

interface NewPasswordFieldsProps {
  /** The account's e-mail, for password managers. */
  email: string;
  values: NewPasswordValues;
  errors: FormErrors<NewPasswordValues>;
  onChange: (field: keyof NewPasswordValues, value: string) => void;
}

export function NewPasswordFields({ email, values, errors, onChange }: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const fieldError = useFieldErrorText();
  return (
    <Stack gap="md">
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        label={t('account.newPassword')}
        description={t('account.passwordHint', { min: LIMITS.passwordMin, max: LIMITS.passwordMax })}
        autoComplete="new-password"
        autoFocus
        value={values.password}
        onChange={(event) => onChange('password', event.currentTarget.value)}
        error={fieldError(errors.password)}
        data-testid="new-password"
      />
      <PasswordField
        label={t('account.confirmPassword')}
        autoComplete="new-password"
        value={values.confirm}
        onChange={(event) => onChange('confirm', event.currentTarget.value)}
        error={fieldError(errors.confirm)}
        data-testid="confirm-password"
      />
    </Stack>
  );
}
