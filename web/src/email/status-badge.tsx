import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailStatus } from '../../../common/api/email.js';

const STATUS_COLORS: Record<EmailStatus, string> = {
  queued: 'blue',
  held: 'yellow',
  sending: 'cyan',
  sent: 'green',
  failed: 'red',
};

/** A mail's delivery status, coloured. */
export function StatusBadge({ status }: { status: EmailStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {t(`email.status.${status}`)}
    </Badge>
  );
}
