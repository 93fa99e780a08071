import { Badge, Button, Flex, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { AccountLanguageSwitch } from '../account/account-language-switch.js';
import { useCurrentUser } from '../auth/current-user.js';
import { displayName } from '../auth/display-name.js';
import { useLogout } from '../auth/queries.js';
import { useNotify } from '../ui/notify.js';

interface AccountControlsProps {
  /** `row` in the header on wide screens, `column` at the foot of the navbar on narrow ones. */
  direction: 'row' | 'column';
  onNavigate?: () => void;
}

/** Who is signed in (linking to their account page), the language switch and sign-out. */
export function AccountControls({ direction, onNavigate }: AccountControlsProps) {
  const { t } = useTranslation();
  const { user } = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const notify = useNotify();

  const signOut = () =>
    logout.mutateAsync().then(
      () => navigate('/login', { replace: true }),
      (error: unknown) => notify.error(error, t('layout.signOutFailed')),
    );

  return (
    <Flex
      direction={direction}
      gap="md"
      align={direction === 'row' ? 'center' : 'stretch'}
      wrap="nowrap"
      data-testid="account-controls"
    >
      <UnstyledButton
        component={Link}
        to="/account"
        onClick={onNavigate}
        title={t('layout.account')}
        data-testid="account-link"
      >
        <Stack gap={2} align={direction === 'row' ? 'flex-end' : 'flex-start'}>
          <Text size="sm" fw={600} lh={1.2} data-testid="current-user-name">
            {displayName(user)}
          </Text>
          <Text size="xs" c="dimmed" lh={1.2} data-testid="current-user-email">
            {user.email}
          </Text>
        </Stack>
      </UnstyledButton>
      <Badge variant="light" data-testid="current-user-role">
        {t(`roles.${user.role}`)}
      </Badge>
      <AccountLanguageSwitch />
      <Button
        variant="default"
        leftSection={<IconLogout size={16} aria-hidden />}
        loading={logout.isPending}
        onClick={signOut}
        data-testid="sign-out"
      >
        {t('layout.signOut')}
      </Button>
    </Flex>
  );
}
