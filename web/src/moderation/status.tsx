import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemSummary } from '../../../common/api/moderation.js';

const COLORS = { pending: 'yellow', agreed: 'green', disagreed: 'gray', deferred: 'blue' } as const;

export function StatusBadge({ item }: { item: ItemSummary }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Badge color={COLORS[item.status]} variant="light" data-testid="item-status">
        {t(`moderation.status.${item.status}`)}
      </Badge>
      {item.claimed_by && (
        <Text size="xs" c="dimmed" data-testid="claimed-by">
          {t('moderation.claimedBy', { name: item.claimed_by.name })}
        </Text>
      )}
      {item.resolved_by && (
        <Text size="xs" c="dimmed">
          {item.resolved_by.name}
        </Text>
      )}
    </Stack>
  );
}

/** "3 h", "2 d": how long ago, in the user's language. */
export function useAge() {
  const { i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto', style: 'short' });
  return (iso: string) => {
    const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
    if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 48) return format.format(hours, 'hour');
    return format.format(Math.round(hours / 24), 'day');
  };
}
