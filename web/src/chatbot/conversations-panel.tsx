import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BotConversationSummary } from '../../../common/api/bot-conversations.js';
import type { QuestionnaireView } from '../../../common/api/chatbot.js';
import { useFormatDateTime } from '../ui/format.js';
import { QueryPending } from '../ui/query-pending.js';
import { useConversations } from './conversation-queries.js';

/** The state of a conversation as a badge: running, or how it ended. */
export function ConversationStateBadge({ conversation }: { conversation: BotConversationSummary }) {
  const { t } = useTranslation();
  if (conversation.state === 'running')
    return (
      <Badge color="blue" variant="light">
        {t('chatbots.conversations.running')}
      </Badge>
    );
  const reason = conversation.end_reason ?? 'finished';
  return (
    <Badge color={reason === 'finished' ? 'green' : reason === 'error' ? 'red' : 'gray'} variant="light">
      {t(`chatbots.conversations.ended.${reason}`)}
    </Badge>
  );
}

/** The Conversations tab of a bot: newest first, more on demand, and the answers export. */
export function ConversationsPanel({
  botId,
  questionnaires,
}: {
  botId: number;
  questionnaires: readonly QuestionnaireView[];
}) {
  const { t } = useTranslation();
  const conversations = useConversations(botId);
  if (!conversations.data) return <QueryPending query={conversations} />;
  const rows = conversations.data.pages.flatMap((page) => page.conversations);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          {t('chatbots.conversations.title')}
        </Title>
        <AnswersExport botId={botId} questionnaires={questionnaires} />
      </Group>
      <Text size="sm" c="dimmed">
        {t('chatbots.conversations.hint')}
      </Text>
      <ConversationsTable botId={botId} rows={rows} />
      {conversations.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={conversations.isFetchingNextPage}
            onClick={() => void conversations.fetchNextPage()}
            data-testid="conversations-more"
          >
            {t('chatbots.conversations.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function ConversationsTable({ botId, rows }: { botId: number; rows: readonly BotConversationSummary[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid="conversations-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('chatbots.conversations.key')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.startedAt')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.channel')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.revision')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.state')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.tag')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.lastStep')}</Table.Th>
            <Table.Th>{t('chatbots.conversations.answers')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={8}>
                <Text c="dimmed" ta="center" py="md">
                  {t('chatbots.conversations.none')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((row) => (
            <Table.Tr key={row.id} data-testid="conversation-row">
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/chatbots/${botId}/conversations/${row.id}`}
                  ff="monospace"
                  aria-label={t('chatbots.conversations.open', { key: row.key })}
                >
                  {row.key}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatDateTime(row.started_at)}</Table.Td>
              <Table.Td>{row.channel}</Table.Td>
              <Table.Td>{row.revision}</Table.Td>
              <Table.Td>
                <ConversationStateBadge conversation={row} />
              </Table.Td>
              <Table.Td>
                {row.tag ? `${row.tag.code}${row.tag.label ? ` · ${row.tag.label}` : ''}` : '—'}
              </Table.Td>
              <Table.Td ff="monospace">{row.last_step ?? '—'}</Table.Td>
              <Table.Td>{row.answers}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Downloads the answers to one questionnaire (the current revision's) as CSV. */
function AnswersExport({
  botId,
  questionnaires,
}: {
  botId: number;
  questionnaires: readonly QuestionnaireView[];
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(questionnaires[0]?.id ?? null);
  if (questionnaires.length === 0) return null;
  const id = chosen ?? questionnaires[0]?.id ?? '';
  return (
    <Group gap="sm" align="flex-end">
      {questionnaires.length > 1 && (
        <Select
          label={t('chatbots.conversations.questionnaire')}
          data={questionnaires.map((q) => ({ value: q.id, label: `${q.id} — ${q.name}` }))}
          value={id}
          onChange={setChosen}
          allowDeselect={false}
          w={280}
          data-testid="answers-questionnaire"
        />
      )}
      <Button
        component="a"
        href={`/api/bots/${botId}/answers.csv?questionnaire=${encodeURIComponent(id)}`}
        download
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        data-testid="answers-export"
      >
        {t('chatbots.conversations.export')}
      </Button>
    </Group>
  );
}
