import { Anchor, Badge, Box, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type {
  BotAnswer,
  BotConversationDetail,
  DeliveryStatus,
  TranscriptEntry,
} from '../../../common/api/bot-conversations.js';
import { numberedLabel } from '../../../common/api/channels.js';
import { useFormatDateTime } from '../ui/format.js';
import { NotFoundPage } from '../ui/not-found-page.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useConversation } from './conversation-queries.js';
import { ConversationStateBadge } from './conversations-panel.js';

/**
 * `/chatbots/:botId/conversations/:conversationId`: one conversation as admins may see it — the
 * person only by key — with its transcript (texts as text, never HTML), state and answers.
 */
export function ConversationPage() {
  const { t } = useTranslation();
  const params = useParams();
  const botId = Number(params.botId);
  const id = Number(params.conversationId);
  const conversation = useConversation(id);

  if (!Number.isInteger(id) || id < 1 || !Number.isInteger(botId) || botId < 1) return <NotFoundPage />;
  if (!conversation.data) return <QueryPending query={conversation} />;
  const { conversation: summary, transcript, answers } = conversation.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={`/chatbots/${summary.bot_id}?tab=conversations`} size="sm">
        {t('chatbots.conversation.back')}
      </Anchor>
      <Group gap="sm">
        <PageTitle>{t('chatbots.conversation.title', { key: summary.key })}</PageTitle>
        <ConversationStateBadge conversation={summary} />
      </Group>
      <StateSummary conversation={summary} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('chatbots.conversation.transcript')}
          </Title>
          <Transcript entries={transcript} />
        </Stack>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('chatbots.conversation.answers')}
          </Title>
          <Answers answers={answers} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function StateSummary({ conversation }: { conversation: BotConversationDetail['conversation'] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const items: [string, string][] = [
    [t('chatbots.conversations.channel'), conversation.channel],
    [t('chatbots.conversations.revision'), String(conversation.revision)],
    [t('chatbots.conversations.startedAt'), formatDateTime(conversation.started_at)],
    [t('chatbots.conversation.lastInbound'), formatDateTime(conversation.last_inbound_at)],
    [t('chatbots.conversation.endedAt'), formatDateTime(conversation.ended_at, '—')],
    [
      t('chatbots.conversation.position'),
      conversation.position ? t(`chatbots.conversation.at.${conversation.position}`) : '—',
    ],
    [t('chatbots.conversation.questionnaire'), conversation.questionnaire_id ?? '—'],
    [t('chatbots.conversations.lastStep'), conversation.last_step ?? '—'],
    [t('chatbots.conversation.endState'), conversation.end_state ?? '—'],
    [
      t('chatbots.conversations.tag'),
      conversation.tag
        ? `${conversation.tag.code}${conversation.tag.label ? ` · ${conversation.tag.label}` : ''}`
        : '—',
    ],
    [t('chatbots.conversation.deadline'), formatDateTime(conversation.deadline, '—')],
  ];
  if (conversation.end_error) items.push([t('chatbots.conversation.endError'), conversation.end_error]);
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" data-testid="conversation-state">
        {items.map(([label, value]) => (
          <Stack key={label} gap={0}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

const STATUS_COLOR: Record<DeliveryStatus, string> = { sent: 'green', pending: 'yellow', failed: 'red' };

/** What was said, in order: the person's messages on the right, the bot's on the left with delivery. */
function Transcript({ entries }: { entries: readonly TranscriptEntry[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (entries.length === 0) return <Text c="dimmed">{t('chatbots.conversation.empty')}</Text>;
  return (
    <Stack
      gap="sm"
      component="ol"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      data-testid="conversation-transcript"
    >
      {entries.map((entry) => (
        <Box
          component="li"
          key={`${entry.from}-${entry.id}`}
          style={{
            display: 'flex',
            flexDirection: 'column',
            alignItems: entry.from === 'user' ? 'flex-end' : 'flex-start',
          }}
          data-testid="transcript-entry"
          data-from={entry.from}
        >
          <Box
            px="md"
            py={8}
            maw="85%"
            bg={entry.from === 'user' ? 'blue.7' : 'var(--parley-surface-muted)'}
            c={entry.from === 'user' ? 'white' : undefined}
            style={{ borderRadius: 14, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            <Text size="sm" inherit data-testid="transcript-text">
              {entry.text}
            </Text>
            {entry.from === 'bot' && entry.options.length > 0 && (
              <Text size="xs" mt={6} inherit>
                {entry.options.map((option, index) => numberedLabel(option.label, index)).join(' · ')}
              </Text>
            )}
          </Box>
          <Group gap={6} mt={2}>
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.at)}
            </Text>
            {entry.from === 'bot' && (
              <Badge
                size="xs"
                variant="light"
                color={STATUS_COLOR[entry.status]}
                data-testid="delivery-status"
              >
                {t(`chatbots.conversation.status.${entry.status}`)}
              </Badge>
            )}
            {entry.from === 'bot' && entry.last_error && (
              <Text size="xs" c="red.8">
                {entry.last_error}
              </Text>
            )}
          </Group>
        </Box>
      ))}
    </Stack>
  );
}

function Answers({ answers }: { answers: readonly BotAnswer[] }) {
  const { t } = useTranslation();
  if (answers.length === 0) return <Text c="dimmed">{t('chatbots.conversation.noAnswers')}</Text>;
  return (
    <Table striped verticalSpacing="xs" data-testid="conversation-answers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('chatbots.questionnaires.code')}</Table.Th>
          <Table.Th>{t('chatbots.questionnaires.question')}</Table.Th>
          <Table.Th>{t('chatbots.conversation.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {answers.map((answer) => (
          <Table.Tr key={answer.code}>
            <Table.Td ff="monospace">{answer.code}</Table.Td>
            <Table.Td>{answer.question ?? '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{answer.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
