import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Disabled, invited (no password set yet) or active. */
export function UserStatusBadge({ disabled, invited }: { disabled: boolean; invited: boolean }) {
  const { t } = useTranslation();
  if (invited && !disabled) {
    return (
      <Badge color="yellow" variant="light" data-testid="user-invited">
        {t('accounts.users.pending')}
      </Badge>
    );
  }
  return disabled ? (
    <Badge color="gray" variant="light">
      {t('users.status.disabled')}
    </Badge>
  ) : (
    <Badge color="green" variant="light">
      {t('users.status.active')}
    </Badge>
  );
}
