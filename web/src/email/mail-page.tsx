import { Anchor, Stack, Tabs, Text } from '@mantine/core';
import { IconMail, IconTemplate } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../ui/page-title.js';
import { OutboxTab } from './outbox-tab.js';
import { TemplatesTab } from './templates-tab.js';

const TABS = ['outbox', 'templates'] as const;
type Tab = (typeof TABS)[number];

function isTab(value: string | null): value is Tab {
  return (TABS as readonly (string | null)[]).includes(value);
}

/** Mail (admins, under Settings): what was sent or is held, and the templates e-mails are made from. */
export function MailPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'outbox';
  const open = (next: string | null) => {
    if (!isTab(next)) return;
    setSearchParams(next === 'outbox' ? {} : { tab: next }, { replace: true });
  };
  return (
    <Stack gap="lg" data-testid="mail-page">
      <Anchor component={Link} to="/settings" size="sm">
        {t('email.backToSettings')}
      </Anchor>
      <PageTitle>{t('email.title')}</PageTitle>
      <Text c="dimmed" maw={760}>
        {t('email.intro')}
      </Text>
      <Tabs value={tab} onChange={open} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="outbox" leftSection={<IconMail size={16} aria-hidden />} data-testid="tab-outbox">
            {t('email.tabs.outbox')}
          </Tabs.Tab>
          <Tabs.Tab
            value="templates"
            leftSection={<IconTemplate size={16} aria-hidden />}
            data-testid="tab-templates"
          >
            {t('email.tabs.templates')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbox" pt="lg">
          <OutboxTab />
        </Tabs.Panel>
        <Tabs.Panel value="templates" pt="lg">
          <TemplatesTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
