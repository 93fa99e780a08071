import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useErrorMessage } from '../ui/errors.js';
import { useForm } from '../ui/use-form.js';
import { AuthFrame } from './auth-frame.js';
import type { LoginLocationState } from './login-page.js';
import {
  EMPTY_NEW_PASSWORD,
  NewPasswordFields,
  type NewPasswordValues,
  validateNewPassword,
} from './new-password-fields.js';
import { useCompletePasswordReset } from './queries.js';

/** The page of a reset link (`/reset-password/<token>`): a new password, then the sign-in page. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const complete = useCompletePasswordReset();
  const errorMessage = useErrorMessage();
  const form = useForm<NewPasswordValues>(EMPTY_NEW_PASSWORD, validateNewPassword);
  const linkUnusable = isApiError(complete.error, 400) && complete.error.code.startsWith('token_');

  const submit = ({ password }: NewPasswordValues) =>
    complete.mutate(
      { token, password },
      {
        onSuccess: () => {
          const state: LoginLocationState = { passwordReset: { email: '' } };
          void navigate('/login', { replace: true, state });
        },
      },
    );

  return (
    <AuthFrame documentTitle={t('accounts.reset.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="reset-password-form">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {t('accounts.reset.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('accounts.reset.intro')}
            </Text>
          </div>
          {complete.error && (
            <Alert
              color="red"
              icon={<IconAlertCircle />}
              title={t('accounts.reset.failed')}
              role="alert"
              data-testid="reset-error"
            >
              {errorMessage(complete.error)}
            </Alert>
          )}
          <NewPasswordFields
            email=""
            values={form.values}
            errors={form.errors}
            onChange={(field, value) => form.setField(field, value)}
          />
          <Button type="submit" fullWidth loading={complete.isPending} data-testid="reset-submit">
            {t('accounts.reset.submit')}
          </Button>
          <Group justify="center">
            <Anchor
              component={Link}
              to={linkUnusable ? '/forgot-password' : '/login'}
              size="sm"
              data-testid={linkUnusable ? 'new-reset-link' : 'back-to-login'}
            >
              {linkUnusable ? t('accounts.reset.newLink') : t('accounts.forgot.back')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthFrame>
  );
}
