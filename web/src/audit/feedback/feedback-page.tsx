import { Anchor, Stack, Tabs, Text } from '@mantine/core';
import { IconHistory, IconMailForward, IconMailOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../../ui/page-title.js';
import { ComposeTab } from './compose-tab.js';
import { OptOutsTab } from './optouts-tab.js';
import { SendLogTab } from './send-log-tab.js';

const TABS = ['compose', 'log', 'optouts'] as const;
type Tab = (typeof TABS)[number];

function isTab(value: string | null): value is Tab {
  return (TABS as readonly (string | null)[]).includes(value);
}

/** Feedback e-mails to texters (admins): compose and send, the send log, who opted out. */
export function FeedbackPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'compose';
  const open = (next: string | null) => {
    if (!isTab(next)) return;
    setSearchParams(next === 'compose' ? {} : { tab: next }, { replace: true });
  };
  return (
    <Stack gap="lg" data-testid="feedback-page">
      <Anchor component={Link} to="/settings/audit" size="sm">
        {t('feedback.backToAudit')}
      </Anchor>
      <PageTitle>{t('feedback.title')}</PageTitle>
      <Text c="dimmed" maw={760}>
        {t('feedback.intro')}
      </Text>
      <Tabs value={tab} onChange={open}>
        <Tabs.List>
          <Tabs.Tab
            value="compose"
            leftSection={<IconMailForward size={16} aria-hidden />}
            data-testid="feedback-tab-compose"
          >
            {t('feedback.tabs.compose')}
          </Tabs.Tab>
          <Tabs.Tab
            value="log"
            leftSection={<IconHistory size={16} aria-hidden />}
            data-testid="feedback-tab-log"
          >
            {t('feedback.tabs.log')}
          </Tabs.Tab>
          <Tabs.Tab
            value="optouts"
            leftSection={<IconMailOff size={16} aria-hidden />}
            data-testid="feedback-tab-optouts"
          >
            {t('feedback.tabs.optouts')}
          </Tabs.Tab>
        </Tabs.List>
        {/* Compose stays mounted: a preview survives a look at the log. */}
        <Tabs.Panel value="compose" pt="lg">
          <ComposeTab />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="lg">
          {tab === 'log' && <SendLogTab />}
        </Tabs.Panel>
        <Tabs.Panel value="optouts" pt="lg">
          {tab === 'optouts' && <OptOutsTab />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
