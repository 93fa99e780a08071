import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBatchAudits, useRubric } from './queries.js';

/** A finished batch in numbers: audited, passed, failed, and how often each rubric item failed. */
export function BatchSummary({ batchId }: { batchId: number }) {
  const { t } = useTranslation();
  const audits = useBatchAudits(batchId);
  const rubric = useRubric();
  const summary = audits.data?.summary;
  if (!summary) return null;
  const label = (key: string) => rubric.data?.items.find((item) => item.key === key)?.label ?? key;
  const order = rubric.data?.items.map((item) => item.key) ?? [];
  const keys = Object.keys(summary.failed_items).sort(
    (a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || a.localeCompare(b),
  );
  const stats: [string, string, number][] = [
    ['audited', t('auditReview.summary.audited'), summary.audited],
    ['passed', t('auditReview.summary.passed'), summary.passed],
    ['failed', t('auditReview.summary.failed'), summary.audited - summary.passed],
  ];
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-labelledby="batch-summary-title"
      data-testid="batch-summary"
    >
      <Title order={3} size="h5" mb="xs" id="batch-summary-title">
        {t('auditReview.summary.title')}
      </Title>
      <SimpleGrid cols={3} spacing="sm" mb="sm">
        {stats.map(([key, name, value]) => (
          <div key={key} data-testid={`summary-${key}`}>
            <Text size="xs" c="dimmed">
              {name}
            </Text>
            <Text size="lg" fw={700}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {keys.length > 0 && (
        <Table verticalSpacing={4} data-testid="summary-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('auditReview.summary.item')}</Table.Th>
              <Table.Th>{t('auditReview.summary.failedCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => (
              <Table.Tr key={key} data-testid={`summary-item-${key}`}>
                <Table.Td>{label(key)}</Table.Td>
                <Table.Td>{String(summary.failed_items[key] ?? 0)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
