import { Anchor, Badge, Button, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { IconDownload, IconMessageChatbot } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../ui/error-state.js';
import { NotFoundPage } from '../ui/not-found-page.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { BundleEditor } from './bundle-editor.js';
import { useBot, useRevision } from './queries.js';
import { QuestionnaireTables } from './questionnaire-tables.js';
import { RevisionHistory } from './revision-history.js';

/** `/chatbots/:botId`: the current revision, its history, the JSON editor and the questionnaires. */
export function BotPage() {
  const { t } = useTranslation();
  const id = Number(useParams().botId);
  const bot = useBot(id);
  const revision = useRevision(id, bot.data?.current_revision ?? null);

  if (!Number.isInteger(id) || id < 1) return <NotFoundPage />;
  if (!bot.data) return <QueryPending query={bot} />;
  const current = bot.data.current_revision;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/chatbots" size="sm">
        {t('chatbots.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <PageTitle>{bot.data.name}</PageTitle>
          <Group gap="xs">
            <Badge variant="light" data-testid="current-revision">
              {current === null ? t('chatbots.noRevision') : t('chatbots.revisionN', { number: current })}
            </Badge>
            {revision.data && (
              <Text size="sm" c="dimmed">
                {t(`chatbots.source.${revision.data.source}`)}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="sm">
          <Button
            variant="default"
            component="a"
            href={`/api/bots/${id}/export`}
            download
            leftSection={<IconDownload size={16} aria-hidden />}
          >
            {t('chatbots.export')}
          </Button>
          <Button
            component={Link}
            to={`/chatbots/${id}/simulator`}
            leftSection={<IconMessageChatbot size={16} aria-hidden />}
            data-testid="open-simulator"
          >
            {t('chatbots.simulator.open')}
          </Button>
        </Group>
      </Group>
      <Tabs defaultValue="questionnaires" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="questionnaires" data-testid="tab-questionnaires">
            {t('chatbots.tabs.questionnaires')}
          </Tabs.Tab>
          <Tabs.Tab value="editor" data-testid="tab-editor">
            {t('chatbots.tabs.editor')}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            {t('chatbots.tabs.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="questionnaires" pt="md">
          {revision.data ? (
            <QuestionnaireTables questionnaires={revision.data.questionnaires} />
          ) : revision.isError ? (
            <ErrorState error={revision.error} />
          ) : (
            <Loader size="sm" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="editor" pt="md">
          {revision.data ? (
            <BundleEditor key={revision.data.number} revision={revision.data} />
          ) : (
            <Loader size="sm" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <RevisionHistory bot={bot.data} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
