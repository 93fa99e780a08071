import { Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, IconClipboardCheck, IconFileImport, type TablerIcon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../ui/PageTitle.js';

interface Section {
  key: 'imports' | 'audit';
  path: string;
  icon: TablerIcon;
}

/** The settings pages, one card each; add a section here and its strings under `settingsPage`. */
const SECTIONS: readonly Section[] = [
  { key: 'audit', path: '/settings/audit', icon: IconClipboardCheck },
  { key: 'imports', path: '/settings/imports', icon: IconFileImport },
];

/** `/settings` (admins): links to each settings page. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-testid="settings-page">
      <PageTitle>{t('areas.settings.title')}</PageTitle>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {SECTIONS.map(({ key, path, icon: Icon }) => (
          <Card key={key} withBorder radius="md" padding="lg" data-testid={`settings-${key}`}>
            <Group gap="sm" mb="xs" wrap="nowrap">
              <ThemeIcon variant="light" size="lg" radius="md">
                <Icon size={20} aria-hidden />
              </ThemeIcon>
              <Text fw={600} size="lg">
                {t(`settingsPage.${key}.title`)}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
              {t(`settingsPage.${key}.description`)}
            </Text>
            <Button
              component={Link}
              to={path}
              variant="light"
              mt="md"
              rightSection={<IconArrowRight size={16} aria-hidden />}
            >
              {t('home.open')}
            </Button>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
