import { Anchor, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackSendView } from '../../../../common/api/feedback.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import { DeliveryBadge } from './delivery-badge.js';
import { useResend, useSendLog } from './queries.js';

function SendRow({ send, onOpen }: { send: FeedbackSendView; onOpen: (send: FeedbackSendView) => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.Tr data-testid="feedback-send-row" data-send-id={send.id}>
      <Table.Td>{formatDateTime(send.sent_at)}</Table.Td>
      <Table.Td>
        {send.texter.name}
        <Text size="xs" c="dimmed">
          {send.to_address}
        </Text>
      </Table.Td>
      <Table.Td>{t('feedback.log.period', { from: send.from, to: send.to })}</Table.Td>
      <Table.Td>
        <Anchor
          component="button"
          type="button"
          size="sm"
          ta="left"
          onClick={() => onOpen(send)}
          data-testid="feedback-open-send"
        >
          {send.subject}
        </Anchor>
      </Table.Td>
      <Table.Td>{send.sent_by?.name ?? '—'}</Table.Td>
      <Table.Td miw={130}>
        <DeliveryBadge status={send.delivery.status} />
        {send.resend_of !== null && (
          <Text size="xs" c="dimmed">
            {t('feedback.log.resend')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function SendModal({ send, onClose }: { send: FeedbackSendView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const resend = useResend();
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    setConfirming(false);
    onClose();
  };
  const doResend = (id: number) =>
    resend.mutate(id, {
      onSuccess: () => {
        notify.success(t('feedback.log.resent'));
        close();
      },
      onError: (error) => notify.error(error),
    });
  return (
    <Modal opened={send !== null} onClose={close} title={send?.subject ?? ''} size="lg">
      {send && (
        <Stack>
          <Text size="sm">
            {t('feedback.log.details', {
              name: send.texter.name,
              address: send.to_address,
              attempts: send.delivery.attempts,
            })}
          </Text>
          {send.delivery.last_response && (
            <Text size="sm" c="dimmed">
              {send.delivery.last_response}
            </Text>
          )}
          {send.text === '' ? (
            <Text c="dimmed">{t('feedback.log.erased')}</Text>
          ) : (
            <Code block style={{ whiteSpace: 'pre-wrap' }}>
              {send.text}
            </Code>
          )}
          <Group justify="flex-end">
            {confirming ? (
              <Button
                color="orange"
                loading={resend.isPending}
                onClick={() => doResend(send.id)}
                data-testid="feedback-resend-confirm"
              >
                {t('feedback.log.resendConfirm', { name: send.texter.name })}
              </Button>
            ) : (
              <Button
                variant="default"
                leftSection={<IconRepeat size={16} aria-hidden />}
                onClick={() => setConfirming(true)}
              >
                {t('feedback.log.resendButton')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Every feedback e-mail sent: who, when, to whom, what, and whether it was delivered. */
export function SendLogTab() {
  const { t } = useTranslation();
  const log = useSendLog();
  const [open, setOpen] = useState<FeedbackSendView | null>(null);
  if (!log.data) return <QueryPending query={log} />;
  if (log.data.items.length === 0) return <Text c="dimmed">{t('feedback.log.empty')}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table striped verticalSpacing="xs" data-testid="feedback-send-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('feedback.log.sentAt')}</Table.Th>
              <Table.Th>{t('feedback.columns.texter')}</Table.Th>
              <Table.Th>{t('feedback.log.periodColumn')}</Table.Th>
              <Table.Th>{t('feedback.log.subject')}</Table.Th>
              <Table.Th>{t('feedback.log.sentBy')}</Table.Th>
              <Table.Th>{t('feedback.log.delivery')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.items.map((send) => (
              <SendRow key={send.id} send={send} onOpen={setOpen} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SendModal send={open} onClose={() => setOpen(null)} />
    </>
  );
}
