import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../common/limits.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useChangePassword } from '../auth/queries.js';
import { useNotify } from '../ui/notify.js';
import { PasswordField } from '../ui/password-field.js';
import { type FormErrors, useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkExistingPassword, checkNewPassword } from '../ui/validation.js';

interface ChangePasswordValues {
  current: string;
  next: string;
  confirm: string;
}

const EMPTY: ChangePasswordValues = { current: '', next: '', confirm: '' };

function validate(values: ChangePasswordValues): FormErrors<ChangePasswordValues> {
  return {
    current: checkExistingPassword(values.current),
    next: checkNewPassword(values.next),
    confirm: values.confirm === values.next ? undefined : { code: 'passwordMismatch' },
  };
}

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const { user } = useCurrentUser();
  const changePassword = useChangePassword();
  const notify = useNotify();
  const fieldError = useFieldErrorText();
  const form = useForm(EMPTY, validate);

  const submit = (values: ChangePasswordValues) =>
    changePassword.mutate(
      { current_password: values.current, new_password: values.next },
      {
        onSuccess: () => {
          form.setValues(EMPTY);
          notify.success(t('account.changed'));
        },
        onError: (error) => notify.error(error, t('account.changeFailed')),
      },
    );

  return (
    <Paper withBorder radius="md" p="lg" maw={480}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="change-password-form">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('account.changePassword')}
          </Title>
          {/* Tells password managers whose password this is. */}
          <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <PasswordField
            label={t('account.currentPassword')}
            autoComplete="current-password"
            value={form.values.current}
            onChange={(event) => form.setField('current', event.currentTarget.value)}
            error={fieldError(form.errors.current)}
            data-testid="current-password"
          />
          <PasswordField
            label={t('account.newPassword')}
            description={t('account.passwordHint', { min: LIMITS.passwordMin, max: LIMITS.passwordMax })}
            autoComplete="new-password"
            value={form.values.next}
            onChange={(event) => form.setField('next', event.currentTarget.value)}
            error={fieldError(form.errors.next)}
            data-testid="new-password"
          />
          <PasswordField
            label={t('account.confirmPassword')}
            autoComplete="new-password"
            value={form.values.confirm}
            onChange={(event) => form.setField('confirm', event.currentTarget.value)}
            error={fieldError(form.errors.confirm)}
            data-testid="confirm-password"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={changePassword.isPending} data-testid="change-password-submit">
              {t('account.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
