import { Group, Paper, Progress, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconCircleCheckFilled, IconCircleDashed } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchView } from '../../../../common/api/audit.js';
import { useFormatDateTime } from '../../ui/format.js';
import classes from './audit-screen.module.css';
import { useFormatShortDateTime } from './format.js';

interface BatchListProps {
  batch: BatchView;
  openId: number;
  onOpen: (conversationId: number) => void;
}

/** The batch: progress, expiry, and every conversation in it (a tick on the audited ones). */
export function BatchList({ batch, openId, onOpen }: BatchListProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const formatShort = useFormatShortDateTime();
  const listRef = useRef<HTMLUListElement>(null);
  const total = batch.items.length;
  const done = batch.items.filter((item) => item.audited_at !== null).length;
  const expired = Date.parse(batch.expires_at) <= Date.now();

  // Keep the open conversation in view when j/k or submit-and-next move through a long batch.
  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-conversation-id="${openId}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [openId]);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="audit-batch-title">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} id="audit-batch-title">
            {t('audit.batch.title')}
          </Text>
          <Text size="sm" fw={600}>
            <VisuallyHidden>{t('audit.batch.audited')}: </VisuallyHidden>
            <span data-testid="batch-progress">{t('audit.batch.progress', { done, total })}</span>
          </Text>
        </Group>
        <Progress
          value={total === 0 ? 0 : (100 * done) / total}
          color={done === total ? 'green' : undefined}
          aria-label={t('audit.batch.progressLabel', { done, total })}
        />
        <Text size="xs" c={expired ? 'red' : 'dimmed'} data-testid="batch-expires">
          {t(expired ? 'audit.batch.expired' : 'audit.batch.expires', {
            time: formatDateTime(batch.expires_at),
          })}
        </Text>
        <ul className={classes.plainList} ref={listRef}>
          {batch.items.map((item) => {
            const audited = item.audited_at !== null;
            return (
              <li key={item.conversation_id}>
                <UnstyledButton
                  className={classes.batchItem}
                  onClick={() => onOpen(item.conversation_id)}
                  aria-current={item.conversation_id === openId ? 'true' : undefined}
                  data-testid="batch-item"
                  data-conversation-id={item.conversation_id}
                  data-audited={audited ? 'true' : 'false'}
                >
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    {audited ? (
                      <IconCircleCheckFilled
                        size={18}
                        color="var(--mantine-color-green-6)"
                        aria-label={t('audit.batch.audited')}
                        role="img"
                      />
                    ) : (
                      <IconCircleDashed
                        size={18}
                        color="var(--mantine-color-gray-5)"
                        aria-label={t('audit.batch.notAudited')}
                        role="img"
                      />
                    )}
                    <Stack gap={0} miw={0}>
                      <Text size="sm" fw={500} truncate="end">
                        {item.campaign.title}
                      </Text>
                      <Text size="xs" c="dimmed" truncate="end">
                        {item.texter?.name || t('audit.batch.unknownTexter')}
                      </Text>
                      <Text size="xs" c="dimmed">
                        <time dateTime={item.last_message_at}>{formatShort(item.last_message_at)}</time>
                        {' · '}
                        {t('audit.batch.messages', { count: item.message_count })}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            );
          })}
        </ul>
      </Stack>
    </Paper>
  );
}
