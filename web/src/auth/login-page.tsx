import { Alert, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { LanguageSwitch } from '../i18n/language-switch.js';
import { DocumentTitle } from '../ui/document-title.js';
import { useErrorMessage } from '../ui/errors.js';
import { PasswordField } from '../ui/password-field.js';
import { useFieldErrorText, useForm } from '../ui/use-form.js';
import { checkEmail, checkExistingPassword } from '../ui/validation.js';
import { useLogin, useMe } from './queries.js';

/** What the route guard leaves in the location state when it sends someone here. */
export interface LoginLocationState {
  /** Path, query and hash of the page that was asked for. */
  from: string;
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
  const form = useForm<LoginValues>({ email: '', password: '' }, validate);

  // Signed in already, or just now: a successful login puts the user into the `me` query.
  if (me) return <Navigate to={returnPath(location.state)} replace />;

  const submit = ({ email, password }: LoginValues) => login.mutate({ email: email.trim(), password });

  return (
    // Everything, the language switch included, is inside the one `main` landmark.
    <Center component="main" mih="100vh" p="md" bg="var(--parley-surface-page)">
      <DocumentTitle>{t('login.submit')}</DocumentTitle>
      <Stack w="100%" maw={420} gap="md">
        <Paper withBorder shadow="sm" radius="md" p="xl">
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
                autoFocus
                value={form.values.email}
                onChange={(event) => form.setField('email', event.currentTarget.value)}
                error={fieldError(form.errors.email)}
                data-testid="login-email"
              />
              <PasswordField
                label={t('login.password')}
                autoComplete="current-password"
                value={form.values.password}
                onChange={(event) => form.setField('password', event.currentTarget.value)}
                error={fieldError(form.errors.password)}
                data-testid="login-password"
              />
              <Button type="submit" fullWidth loading={login.isPending} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Group justify="center">
          <LanguageSwitch />
        </Group>
      </Stack>
    </Center>
  );
}
