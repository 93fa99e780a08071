import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../../../common/api/feedback.js';

const COLORS: Record<DeliveryStatus, string> = {
  queued: 'blue',
  held: 'yellow',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  unknown: 'gray',
};

export function DeliveryBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="feedback-delivery" data-status={status}>
      {t(`feedback.delivery.${status}`)}
    </Badge>
  );
}
