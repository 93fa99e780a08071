import { Button, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxMail } from '../../../common/api/email.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { QueryPending } from '../ui/query-pending.js';
import { MailFrame } from './mail-frame.js';
import { useOutboxMail, useRetryMail } from './queries.js';
import { StatusBadge } from './status-badge.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Delivery({ mail }: { mail: OutboxMail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      <Field label={t('email.outbox.to')}>
        {mail.to_name ? `${mail.to_name} <${mail.to_address}>` : mail.to_address}
      </Field>
      <Field label={t('email.outbox.status')}>
        <StatusBadge status={mail.status} />
      </Field>
      <Field label={t('email.mail.kind')}>
        {mail.kind} · {mail.locale}
      </Field>
      <Field label={t('email.outbox.tries')}>{t('email.outbox.attempts', { count: mail.attempts })}</Field>
      <Field label={t('email.outbox.created')}>{formatDateTime(mail.created_at)}</Field>
      <Field label={t('email.mail.finished')}>
        {formatDateTime(mail.sent_at ?? mail.failed_at, t('common.never'))}
      </Field>
      {mail.status === 'queued' && mail.attempts > 0 && (
        <Field label={t('email.mail.nextTry')}>{formatDateTime(mail.next_attempt_at)}</Field>
      )}
      {mail.message_id && <Field label={t('email.mail.messageId')}>{mail.message_id}</Field>}
    </SimpleGrid>
  );
}

/** One mail of the outbox: its delivery and, unless erased, its HTML and text. */
export function MailDetail({ id, canSend }: { id: number; canSend: boolean }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const query = useOutboxMail(id);
  const retry = useRetryMail();
  const mail = query.data;
  if (!mail) return <QueryPending query={query} />;
  // A held mail would only be held again while no SMTP server is configured.
  const retryable =
    (mail.status === 'failed' || (mail.status === 'held' && canSend)) && mail.erased_at === null;
  return (
    <Stack gap="md" data-testid="mail-detail">
      <Delivery mail={mail} />
      {mail.last_response && (
        <Field label={t('email.mail.lastResponse')}>
          <Code block data-testid="mail-last-response">
            {mail.last_response}
          </Code>
        </Field>
      )}
      {retryable && (
        <Group>
          <Button
            leftSection={<IconRefresh size={16} aria-hidden />}
            loading={retry.isPending}
            onClick={() =>
              retry.mutate(id, {
                onSuccess: () => notify.success(t('email.mail.retried')),
                onError: (error) => notify.error(error),
              })
            }
            data-testid="mail-retry"
          >
            {t('email.mail.retry')}
          </Button>
        </Group>
      )}
      {mail.html === null || mail.text === null ? (
        <Text c="dimmed" data-testid="mail-erased">
          {t('email.mail.erased')}
        </Text>
      ) : (
        <MailFrame subject={mail.subject} html={mail.html} text={mail.text} />
      )}
    </Stack>
  );
}
