import { Anchor, Badge, Button, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { IconDownload, IconMessageChatbot } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { NotFoundPage } from '../ui/not-found-page.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { BundleEditor } from './bundle-editor.js';
import { ChannelsPanel } from './channels-panel.js';
import { ConversationsPanel } from './conversations-panel.js';
import { FailuresPanel } from './failures-panel.js';
import { useBot, useRevision } from './queries.js';
import { RevisionHistory } from './revision-history.js';
import { DropOffSelectionProvider } from './studio/canvas/drop-off-selection.js';
import { DraftBar } from './studio/draft-bar.js';
import { DraftProvider } from './studio/draft-context.js';
import { QuestionnaireEditor } from './studio/questionnaire-editor.js';

// The flow canvas (React Flow, ELK) is loaded when its tab is first opened.
const FlowTab = lazy(() => import('./studio/canvas/flow-tab.js'));

const TABS = [
  'questionnaires',
  'flow',
  'editor',
  'history',
  'channels',
  'conversations',
  'failures',
] as const;
type Tab = (typeof TABS)[number];

/** The open tab, kept in `?tab=` so a link (back from a conversation) can open one. */
function useTab(): [Tab, (tab: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = TABS.find((name) => name === asked) ?? 'questionnaires';
  const setTab = (next: string | null) =>
    setParams(next && next !== 'questionnaires' ? { tab: next } : {}, { replace: true });
  return [tab, setTab];
}

/**
 * `/chatbots/:botId`: the bot's draft — its questionnaires in forms, or its JSON — with what to do
 * with it (publish, discard, try); its revisions and what changed in each; the bot's channels,
 * its conversations and the messages whose delivery failed.
 */
export function BotPage() {
  const { t } = useTranslation();
  const id = Number(useParams().botId);
  const bot = useBot(id);
  const revision = useRevision(id, bot.data?.current_revision ?? null);
  const [tab, setTab] = useTab();

  if (!Number.isInteger(id) || id < 1) return <NotFoundPage />;
  if (!bot.data) return <QueryPending query={bot} />;
  const current = bot.data.current_revision;
  return (
    <DraftProvider botId={id}>
      <DropOffSelectionProvider>
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
          <DraftBar />
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              {TABS.map((value) => (
                <Tabs.Tab key={value} value={value} data-testid={`tab-${value}`}>
                  {t(`chatbots.tabs.${value}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="questionnaires" pt="md">
              <QuestionnaireEditor onOpenJson={() => setTab('editor')} />
            </Tabs.Panel>
            <Tabs.Panel value="flow" pt="md">
              <Suspense fallback={<Loader size="sm" />}>
                <FlowTab
                  onOpenQuestionnaires={() => setTab('questionnaires')}
                  onOpenJson={() => setTab('editor')}
                />
              </Suspense>
            </Tabs.Panel>
            <Tabs.Panel value="editor" pt="md">
              <BundleEditor />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <RevisionHistory bot={bot.data} />
            </Tabs.Panel>
            <Tabs.Panel value="channels" pt="md">
              <ChannelsPanel botId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="conversations" pt="md">
              <ConversationsPanel botId={id} questionnaires={revision.data?.questionnaires ?? []} />
            </Tabs.Panel>
            <Tabs.Panel value="failures" pt="md">
              <FailuresPanel botId={id} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </DropOffSelectionProvider>
    </DraftProvider>
  );
}
