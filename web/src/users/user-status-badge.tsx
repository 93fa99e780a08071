import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function UserStatusBadge({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
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
