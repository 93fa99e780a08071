import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/current-user.js';
import { displayName } from '../auth/display-name.js';
import { visibleAreas } from '../layout/areas.js';
import { DocumentTitle } from '../ui/document-title.js';
import { AreaCard } from './area-card.js';

export function HomePage() {
  const { t } = useTranslation();
  const { user, areas } = useCurrentUser();
  const shown = visibleAreas(areas);

  return (
    <Stack gap="lg">
      <DocumentTitle>{t('layout.home')}</DocumentTitle>
      <div>
        <Title order={1} size="h2" data-testid="home-greeting">
          {t('home.greeting', { name: displayName(user) })}
        </Title>
        <Text c="dimmed" mt={4}>
          {shown.length > 0 ? t('home.intro') : t('home.noAreas')}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        {shown.map((area) => (
          <AreaCard key={area} area={area} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
