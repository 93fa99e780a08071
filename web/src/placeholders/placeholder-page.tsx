import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Area } from '../../../common/roles.js';
import { PageTitle } from '../ui/page-title.js';

/** Stand-in for an area that is not built yet: what it is for, and that it is coming. */
export function PlaceholderPage({ area }: { area: Area }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-testid={`placeholder-${area}`}>
      <Group gap="sm">
        <PageTitle>{t(`areas.${area}.title`)}</PageTitle>
        <Badge variant="light" color="gray">
          {t('placeholder.comingSoon')}
        </Badge>
      </Group>
      <Paper withBorder radius="md" p="lg" maw={720}>
        <Text>{t('placeholder.body')}</Text>
        <Text c="dimmed" mt="sm">
          {t(`areas.${area}.description`)}
        </Text>
      </Paper>
    </Stack>
  );
}
