import { SimpleGrid, Stack } from '@mantine/core';
import { IconClipboardCheck, IconFileImport, IconMail, type TablerIcon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LinkCard } from '../ui/link-card.js';
import { PageTitle } from '../ui/page-title.js';

interface Section {
  key: 'imports' | 'audit' | 'mail';
  path: string;
  icon: TablerIcon;
}

/** The settings pages, one card each; add a section here and its strings under `settingsPage`. */
const SECTIONS: readonly Section[] = [
  { key: 'audit', path: '/settings/audit', icon: IconClipboardCheck },
  { key: 'imports', path: '/settings/imports', icon: IconFileImport },
  { key: 'mail', path: '/settings/mail', icon: IconMail },
];

/** `/settings` (admins): links to each settings page. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-testid="settings-page">
      <PageTitle>{t('areas.settings.title')}</PageTitle>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {SECTIONS.map(({ key, path, icon }) => (
          <LinkCard
            key={key}
            icon={icon}
            title={t(`settingsPage.${key}.title`)}
            description={t(`settingsPage.${key}.description`)}
            to={path}
            testId={`settings-${key}`}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
