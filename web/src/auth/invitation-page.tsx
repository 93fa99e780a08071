import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import type { InvitationView } from '../../../common/api/accounts.js';
import { useErrorMessage } from '../ui/errors.js';
import { FullPageLoader } from '../ui/full-page-loader.js';
import { useForm } from '../ui/use-form.js';
import { AuthFrame } from './auth-frame.js';
import {
  EMPTY_NEW_PASSWORD,
  NewPasswordFields,
  type NewPasswordValues,
  validateNewPassword,
} from './new-password-fields.js';
import { useAcceptInvitation, useInvitation } from './queries.js';

/**
 * The page of an invitation link (`/invite/<token>`), in the language the admin chose for the
 * account: the invited user sets a password and is signed in.
 */
export function InvitationPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  const errorMessage = useErrorMessage();
  const language = invitation.data?.language;

  useEffect(() => {
    if (language) void i18n.changeLanguage(language);
  }, [language, i18n]);

  if (invitation.isPending) return <FullPageLoader />;
  if (invitation.error) {
    return (
      <AuthFrame documentTitle={t('accounts.invite.unusableTitle')}>
        <Stack gap="md" data-testid="invitation-unusable">
          <Title order={1} size="h2">
            {t('accounts.invite.unusableTitle')}
          </Title>
          <Alert color="red" icon={<IconAlertCircle />} role="alert">
            {errorMessage(invitation.error)} {t('accounts.invite.askAdmin')}
          </Alert>
          <Group justify="center">
            <Anchor component={Link} to="/login" size="sm">
              {t('accounts.forgot.back')}
            </Anchor>
          </Group>
        </Stack>
      </AuthFrame>
    );
  }
  return <AcceptInvitationForm token={token} invitation={invitation.data} />;
}

function AcceptInvitationForm({ token, invitation }: { token: string; invitation: InvitationView }) {
  const { t } = useTranslation();
  const accept = useAcceptInvitation();
  const errorMessage = useErrorMessage();
  const form = useForm<NewPasswordValues>(EMPTY_NEW_PASSWORD, validateNewPassword);

  // Signed in: the account's home page.
  if (accept.isSuccess) return <Navigate to="/" replace />;

  const submit = ({ password }: NewPasswordValues) => accept.mutate({ token, password });
  return (
    <AuthFrame documentTitle={t('accounts.invite.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate data-testid="invitation-form">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {t('accounts.invite.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('accounts.invite.intro', { email: invitation.email })}
            </Text>
          </div>
          {accept.error && (
            <Alert color="red" icon={<IconAlertCircle />} title={t('accounts.invite.failed')} role="alert">
              {errorMessage(accept.error)}
            </Alert>
          )}
          <NewPasswordFields
            email={invitation.email}
            values={form.values}
            errors={form.errors}
            onChange={(field, value) => form.setField(field, value)}
          />
          <Button type="submit" fullWidth loading={accept.isPending} data-testid="invitation-submit">
            {t('accounts.invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
