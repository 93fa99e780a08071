import { Anchor, Button, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DeliveryFailure } from '../../../common/api/bot-conversations.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { QueryPending } from '../ui/query-pending.js';
import { useDeliveryFailures, useRetryDelivery } from './conversation-queries.js';

/** Messages the delivery loop gave up on, with why, and a way to send them again. */
export function FailuresPanel({ botId }: { botId: number }) {
  const { t } = useTranslation();
  const failures = useDeliveryFailures(botId);
  if (!failures.data) return <QueryPending query={failures} />;
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        {t('chatbots.failures.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('chatbots.failures.hint')}
      </Text>
      {failures.data.length === 0 ? (
        <Text data-testid="failures-none">{t('chatbots.failures.none')}</Text>
      ) : (
        <FailuresTable botId={botId} failures={failures.data} />
      )}
    </Stack>
  );
}

function FailuresTable({ botId, failures }: { botId: number; failures: readonly DeliveryFailure[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const retry = useRetryDelivery(botId);
  const notify = useNotify();
  const send = (failure: DeliveryFailure) =>
    retry.mutate(failure.id, {
      onSuccess: (result) => notify.success(t('chatbots.failures.retried', { count: result.retried })),
      onError: (error) => notify.error(error, t('chatbots.failures.retryFailed')),
    });
  return (
    <Table striped verticalSpacing="xs" data-testid="failures-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('chatbots.failures.failedAt')}</Table.Th>
          <Table.Th>{t('chatbots.conversations.key')}</Table.Th>
          <Table.Th>{t('chatbots.conversations.channel')}</Table.Th>
          <Table.Th>{t('chatbots.failures.message')}</Table.Th>
          <Table.Th>{t('chatbots.failures.attempts')}</Table.Th>
          <Table.Th>{t('chatbots.failures.error')}</Table.Th>
          <Table.Th>{t('chatbots.failures.action')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {failures.map((failure) => (
          <Table.Tr key={failure.id} data-testid="failure-row">
            <Table.Td>{formatDateTime(failure.failed_at)}</Table.Td>
            <Table.Td>
              <Anchor
                component={Link}
                to={`/chatbots/${botId}/conversations/${failure.conversation_id}`}
                ff="monospace"
              >
                {failure.conversation_key}
              </Anchor>
            </Table.Td>
            <Table.Td>{failure.channel}</Table.Td>
            <Table.Td maw={320} style={{ overflowWrap: 'anywhere' }}>
              <Text size="sm" lineClamp={3}>
                {failure.parts > 1 ? `(${failure.part}/${failure.parts}) ${failure.text}` : failure.text}
              </Text>
            </Table.Td>
            <Table.Td>{failure.attempts}</Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              {failure.last_error === 'outside_customer_service_window'
                ? t('chatbots.channels.outsideWindow')
                : (failure.last_error ?? '—')}
            </Table.Td>
            <Table.Td>
              <RetryButton failure={failure} pending={retry.isPending} onRetry={() => send(failure)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RetryButton({
  failure,
  pending,
  onRetry,
}: {
  failure: DeliveryFailure;
  pending: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const button = (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} aria-hidden />}
      disabled={!failure.retryable}
      loading={pending}
      onClick={onRetry}
      data-testid="failure-retry"
    >
      {t('chatbots.failures.retry')}
    </Button>
  );
  if (failure.retryable) return button;
  // A disabled button takes no focus: the reason is written out, not in a tooltip.
  return (
    <Stack gap={4} align="flex-start">
      {button}
      <Text size="xs" c="dimmed" maw={220}>
        {t('chatbots.failures.erased')}
      </Text>
    </Stack>
  );
}
