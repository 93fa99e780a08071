import { Alert, Button, Group, NumberInput, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconClipboardCheck, IconInbox } from '@tabler/icons-react';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_LIMITS } from '../../../../common/limits.js';
import { isApiError } from '../../api/client.js';
import { useNotify } from '../../ui/notify.js';
import { BatchSummary } from './batch-summary.js';
import { useRequestBatch } from './queries.js';
import { focusLost } from './use-focus-recovery.js';

/** Batch sizes the server accepts (`RequestBatchBody`); 20 is its default too. */
const SIZE = { ...AUDIT_LIMITS.batchSize, initial: 20 } as const;

/** The batch size field and the button that takes a batch; says so when the pool is empty. */
function TakeBatchForm({ submitLabel }: { submitLabel: string }) {
  const { t } = useTranslation();
  const requestBatch = useRequestBatch();
  const notify = useNotify();
  const [size, setSize] = useState<number | string>(SIZE.initial);
  const poolEmpty = isApiError(requestBatch.error, 409) && requestBatch.error.code === 'pool_empty';

  const take = () => {
    const wanted = typeof size === 'number' ? Math.min(SIZE.max, Math.max(SIZE.min, size)) : SIZE.initial;
    requestBatch.mutate(
      { size: wanted },
      {
        onError: (error) => {
          if (!(isApiError(error, 409) && error.code === 'pool_empty')) {
            notify.error(error, t('audit.start.failed'));
          }
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          take();
        }}
      >
        <Group align="flex-end" gap="sm">
          <NumberInput
            label={t('audit.start.size')}
            description={t('audit.start.sizeHint', { min: SIZE.min, max: SIZE.max })}
            min={SIZE.min}
            max={SIZE.max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="strict"
            value={size}
            onChange={setSize}
            w={200}
            data-testid="batch-size"
          />
          <Button type="submit" loading={requestBatch.isPending} data-testid="start-batch">
            {submitLabel}
          </Button>
        </Group>
      </form>
      {poolEmpty && (
        <Alert
          color="gray"
          icon={<IconInbox />}
          title={t('audit.start.poolEmptyTitle')}
          data-testid="pool-empty"
        >
          {t('audit.start.poolEmpty')}
        </Alert>
      )}
    </Stack>
  );
}

/** No batch yet: what auditing is, and a way to take a batch. */
export function StartBatchPanel() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl" maw={640} data-testid="start-panel">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" size="lg" aria-hidden>
            <IconClipboardCheck size={20} />
          </ThemeIcon>
          <Title order={2} size="h3">
            {t('audit.start.title')}
          </Title>
        </Group>
        <Text>{t('audit.start.body')}</Text>
        <TakeBatchForm submitLabel={t('audit.start.submit')} />
      </Stack>
    </Paper>
  );
}

interface BatchDonePanelProps {
  count: number;
  /** The batch just finished: its summary is shown. */
  batchId: number;
  /** The keyboard was working on the batch: its last submit removed the focused element. */
  focusWithin?: RefObject<boolean>;
}

/** Every conversation of the batch is audited: say so, and offer another batch. */
export function BatchDonePanel({ count, batchId, focusWithin }: BatchDonePanelProps) {
  const { t } = useTranslation();
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The rubric that held the focus is gone: the news that the batch is done is where it goes on.
  useEffect(() => {
    if (focusWithin?.current && focusLost()) titleRef.current?.focus();
  }, [focusWithin]);
  return (
    <Paper withBorder p="xl" maw={640} data-testid="batch-done">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" color="green" size="lg" aria-hidden>
            <IconCircleCheck size={20} />
          </ThemeIcon>
          <Title order={2} size="h3" ref={titleRef} tabIndex={-1} data-testid="batch-done-title">
            {t('audit.done.title')}
          </Title>
        </Group>
        <Text>{t('audit.done.body', { count })}</Text>
        <BatchSummary batchId={batchId} />
        <TakeBatchForm submitLabel={t('audit.done.another')} />
      </Stack>
    </Paper>
  );
}
