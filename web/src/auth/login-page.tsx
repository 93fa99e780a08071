import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { useErrorMessage } from '../ui/errors.js';
import { PasswordField } from '../ui/password-field.js';
import { useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkEmail, checkExistingPassword } from '../ui/validation.js';
import { AuthFrame } from './auth-frame.js';
import { useLogin, useMe } from './queries.js';

/** What the route guard leaves in the location state when it sends someone here. */
export interface LoginLocationState {
  /** Path, query and hash of the page that was asked for. */
  from?: string;
  /** A password was just set by a reset link: say so, with the account's e-mail filled in. */
  passwordReset?: { email: string };
}

function resetNotice(state: unknown): { email: string } | null {
  if (typeof state !== 'object' || state === null || !('passwordReset' in state)) return null;
  const notice = state.passwordReset;
  return typeof notice === 'object' &&
    notice !== null &&
    'email' in notice &&
    typeof notice.email === 'string'
    ? { email: notice.email }
    : null;
}

/** Where to go after signing in: the page the guard intercepted (a local path only), or home. */
function returnPath(state: unknown): string {
  const from = typeof state === 'object' && state !== null && 'from' in state ? state.from : undefined;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/';
  return from.startsWith('/login') ? '/' : from;
}

interface LoginValues {
  email: string;
  password: string;
}

const validate = (values: LoginValues) => ({
  email: checkEmail(values.email),
  password: checkExistingPassword(values.password),
});

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe();
  const login = useLogin();
  const errorMessage = useErrorMessage();
  const fieldError = useFieldErrorText();
  const reset = resetNotice(location.state);
  const form = useForm<LoginValues>({ email: reset?.email ?? '', password: '' }, validate);

  // Signed in already, or just now: a successful login puts the user into the `me` query.
  if (me) return <Navigate to={returnPath(location.state)} replace />;

  const submit = ({ email, password }: LoginValues) => login.mutate({ email: email.trim(), password });

  return (
    <AuthFrame documentTitle={t('login.submit')}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="login-form">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('login.subtitle')}
            </Text>
          </div>
          {reset && !login.error && (
            <Alert color="green" icon={<IconCircleCheck />} role="status" data-testid="login-notice">
              {t('accounts.reset.done')}
            </Alert>
          )}
          {login.error && (
            <Alert
              color="red"
              icon={<IconAlertCircle />}
              title={t('login.failed')}
              role="alert"
              data-testid="login-error"
            >
              {errorMessage(login.error)}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            autoFocus={!reset?.email}
            value={form.values.email}
            onChange={(event) => form.setField('email', event.currentTarget.value)}
            error={fieldError(form.errors.email)}
            data-testid="login-email"
          />
          <PasswordField
            label={t('login.password')}
            autoComplete="current-password"
            autoFocus={Boolean(reset?.email)}
            value={form.values.password}
            onChange={(event) => form.setField('password', event.currentTarget.value)}
            error={fieldError(form.errors.password)}
            data-testid="login-password"
          />
          <Button type="submit" fullWidth loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
          <Group justify="center">
            <Anchor
              component={Link}
              to="/forgot-password"
              state={{ email: form.values.email.trim() }}
              size="sm"
              data-testid="forgot-password-link"
            >
              {t('accounts.forgot.link')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthFrame>
  );
}
