import { ActionIcon, Tooltip } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../common/api/auth.js';
import { useNotify } from '../ui/notify.js';
import { useResendInvitation } from './queries.js';

/** For a user who has not set a password yet: a new invitation e-mail (earlier links stop working). */
export function ResendInvitationButton({ user }: { user: UserView }) {
  const { t } = useTranslation();
  const resend = useResendInvitation();
  const notify = useNotify();
  const label = t('accounts.users.resend');
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        loading={resend.isPending}
        onClick={() =>
          resend.mutate(user.id, {
            onSuccess: () => notify.success(t('accounts.users.resent', { email: user.email })),
            onError: (error) => notify.error(error, t('accounts.users.resendFailed')),
          })
        }
        aria-label={`${label}: ${user.email}`}
        data-testid="resend-invitation"
      >
        <IconMailForward size={16} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}
