import { Anchor, Group, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useReports } from './queries.js';

/**
 * Links to the built-in reports whose names start with `prefix` (e.g. `audit-`), among those the
 * signed-in user may run; nothing while loading or when there are none.
 */
export function BuiltinReportLinks({ prefix, testId }: { prefix: string; testId: string }) {
  const { t } = useTranslation();
  const reports = useReports();
  const mine = (reports.data?.reports ?? []).filter((r) => r.builtin && r.name.startsWith(prefix));
  if (mine.length === 0) return null;
  return (
    <Group gap="md" data-testid={testId}>
      <Group gap={4}>
        <IconChartBar size={16} aria-hidden />
        <Text size="sm" fw={500}>
          {t('reports.related')}
        </Text>
      </Group>
      {mine.map((r) => (
        <Anchor key={r.name} component={Link} to={`/reports/${encodeURIComponent(r.name)}`} size="sm">
          {r.title}
        </Anchor>
      ))}
    </Group>
  );
}
