import { Badge, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/current-user.js';

export function ProfileCard() {
  const { t } = useTranslation();
  const { user } = useCurrentUser();
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} size="h4" mb="md">
        {t('account.profile')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('account.email')}
          </Text>
          <Text>{user.email}</Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('account.name')}
          </Text>
          <Text>{user.name || '—'}</Text>
        </Stack>
        <Stack gap={2} align="flex-start">
          <Text size="xs" c="dimmed">
            {t('account.role')}
          </Text>
          <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}
