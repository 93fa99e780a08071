import { Alert, Anchor, Button, Group, Modal, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMAIL_STATUSES, type EmailStatus, type OutboxItem } from '../../../common/api/email.js';
import { isLanguageCode } from '../../../common/languages.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { QueryPending } from '../ui/query-pending.js';
import { MailDetail } from './mail-detail.js';
import { useOutbox, useSendTestMail } from './queries.js';
import { StatusBadge } from './status-badge.js';

function TestMailButton() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const sendTest = useSendTestMail();
  const locale = isLanguageCode(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <Button
      variant="light"
      leftSection={<IconSend size={16} aria-hidden />}
      loading={sendTest.isPending}
      onClick={() =>
        sendTest.mutate(locale, {
          onSuccess: () => notify.success(t('email.outbox.testQueued')),
          onError: (error) => notify.error(error),
        })
      }
      data-testid="send-test-mail"
    >
      {t('email.outbox.sendTest')}
    </Button>
  );
}

function OutboxRows({ items, onOpen }: { items: OutboxItem[]; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.Tbody>
      {items.map((item) => (
        <Table.Tr key={item.id} data-testid={`outbox-row-${item.id}`}>
          <Table.Td>{formatDateTime(item.created_at)}</Table.Td>
          <Table.Td>
            <Text size="sm">{item.to_name || item.to_address}</Text>
            {item.to_name && (
              <Text size="xs" c="dimmed">
                {item.to_address}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Anchor component="button" type="button" onClick={() => onOpen(item.id)} ta="left">
              {item.subject}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <StatusBadge status={item.status} />
          </Table.Td>
          <Table.Td>{t('email.outbox.attempts', { count: item.attempts })}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

/** The outbox: every mail, newest first, filtered by status; each opens rendered. */
export function OutboxTab() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<EmailStatus | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const outbox = useOutbox(status);
  const pages = outbox.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const held = pages[0]?.smtp_configured === false;
  return (
    <Stack gap="md" data-testid="outbox-tab">
      {held && (
        <Alert
          color="yellow"
          icon={<IconInfoCircle aria-hidden />}
          title={t('email.outbox.heldTitle')}
          data-testid="smtp-unset"
        >
          {t('email.outbox.heldText')}
        </Alert>
      )}
      <Group justify="space-between">
        <SegmentedControl
          aria-label={t('email.outbox.filter')}
          value={status ?? 'all'}
          onChange={(value) => setStatus(value === 'all' ? null : (value as EmailStatus))}
          data={[
            { value: 'all', label: t('email.outbox.all') },
            ...EMAIL_STATUSES.map((value) => ({ value, label: t(`email.status.${value}`) })),
          ]}
        />
        <TestMailButton />
      </Group>
      {!outbox.data ? (
        <QueryPending query={outbox} />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid="outbox-empty">
          {t('email.outbox.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('email.outbox.created')}</Table.Th>
                <Table.Th>{t('email.outbox.to')}</Table.Th>
                <Table.Th>{t('email.outbox.subject')}</Table.Th>
                <Table.Th>{t('email.outbox.status')}</Table.Th>
                <Table.Th>{t('email.outbox.tries')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <OutboxRows items={items} onOpen={setOpen} />
          </Table>
        </Table.ScrollContainer>
      )}
      {outbox.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void outbox.fetchNextPage()}
          loading={outbox.isFetchingNextPage}
        >
          {t('email.outbox.more')}
        </Button>
      )}
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        size="xl"
        title={t('email.mail.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {open !== null && <MailDetail id={open} canSend={!held} />}
      </Modal>
    </Stack>
  );
}
