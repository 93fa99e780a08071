import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useErrorMessage } from '../ui/errors.js';
import { useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkEmail } from '../ui/validation.js';
import { AuthFrame } from './auth-frame.js';
import { useRequestPasswordReset } from './queries.js';

/** The sign-in page hands over the e-mail typed there. */
function emailFrom(state: unknown): string {
  return typeof state === 'object' && state !== null && 'email' in state && typeof state.email === 'string'
    ? state.email
    : '';
}

/** "Forgot password": asks for the e-mail, then says the same whether or not it has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const request = useRequestPasswordReset();
  const errorMessage = useErrorMessage();
  const fieldError = useFieldErrorText();
  const form = useForm({ email: emailFrom(location.state) }, (values) => ({
    email: checkEmail(values.email),
  }));

  const submit = ({ email }: { email: string }) => request.mutate({ email: email.trim() });
  const backToLogin = (
    <Group justify="center">
      <Anchor component={Link} to="/login" size="sm" data-testid="back-to-login">
        {t('accounts.forgot.back')}
      </Anchor>
    </Group>
  );

  if (request.isSuccess) {
    return (
      <AuthFrame documentTitle={t('accounts.forgot.title')}>
        <Stack gap="md" data-testid="reset-requested">
          <Title order={1} size="h2">
            {t('accounts.forgot.sentTitle')}
          </Title>
          <Alert color="green" icon={<IconMailCheck />} role="status">
            {t('accounts.forgot.sent', {
              email: request.variables.email,
              minutes: request.data.valid_minutes,
            })}
          </Alert>
          {backToLogin}
        </Stack>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame documentTitle={t('accounts.forgot.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="forgot-password-form">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {t('accounts.forgot.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('accounts.forgot.intro')}
            </Text>
          </div>
          {request.error && (
            <Alert color="red" icon={<IconAlertCircle />} title={t('accounts.forgot.failed')} role="alert">
              {errorMessage(request.error)}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            autoFocus
            value={form.values.email}
            onChange={(event) => form.setField('email', event.currentTarget.value)}
            error={fieldError(form.errors.email)}
            data-testid="forgot-email"
          />
          <Button type="submit" fullWidth loading={request.isPending} data-testid="forgot-submit">
            {t('accounts.forgot.submit')}
          </Button>
          {backToLogin}
        </Stack>
      </form>
    </AuthFrame>
  );
}
