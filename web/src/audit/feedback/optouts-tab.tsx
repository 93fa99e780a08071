import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import { useOptIn, useOptOuts } from './queries.js';

/** Texters who asked (or were set) to get no feedback e-mails; an admin may let them through again. */
export function OptOutsTab() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const notify = useNotify();
  const optouts = useOptOuts();
  const optIn = useOptIn();
  if (!optouts.data) return <QueryPending query={optouts} />;
  if (optouts.data.items.length === 0) return <Text c="dimmed">{t('feedback.optouts.empty')}</Text>;
  return (
    <Table striped verticalSpacing="xs" data-testid="feedback-optouts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('feedback.columns.texter')}</Table.Th>
          <Table.Th>{t('feedback.columns.email')}</Table.Th>
          <Table.Th>{t('feedback.optouts.since')}</Table.Th>
          <Table.Th>{t('feedback.optouts.via')}</Table.Th>
          <Table.Th>{t('feedback.optouts.action')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {optouts.data.items.map((o) => (
          <Table.Tr key={o.texter.id} data-testid="feedback-optout-row">
            <Table.Td>{o.texter.name}</Table.Td>
            <Table.Td>{o.texter.email ?? '—'}</Table.Td>
            <Table.Td>{formatDateTime(o.opted_out_at)}</Table.Td>
            <Table.Td>{t(`feedback.optouts.by.${o.via}`)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="subtle"
                loading={optIn.isPending && optIn.variables === o.texter.id}
                onClick={() =>
                  optIn.mutate(o.texter.id, {
                    onSuccess: () => notify.success(t('feedback.optouts.enabled', { name: o.texter.name })),
                    onError: (error) => notify.error(error),
                  })
                }
              >
                {t('feedback.optouts.enable')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
