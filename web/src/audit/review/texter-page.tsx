import {
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { TexterReview } from '../../../../common/api/audit-review.js';
import { useCurrentUser } from '../../auth/current-user.js';
import { NotFoundPage } from '../../ui/not-found-page.js';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { AuditTable, percent } from './audit-table.js';
import { useItemLabels } from './audits-page.js';
import { useTexterReview } from './queries.js';
import { periodQuery, readSearch } from './search.js';

/**
 * `/audits/texters/:texterId?from&to`: a texter's audits over a period, the pass rate of each rubric
 * item, the notes, and each audit's conversation. The header's actions group is where actions on the
 * texter go (sending feedback).
 */
export function TexterPage() {
  const { t } = useTranslation();
  const id = Number(useParams().texterId);
  const [params, setParams] = useSearchParams();
  const { from, to } = readSearch(params);
  const review = useTexterReview(id, periodQuery(from, to));
  const labels = useItemLabels();
  const me = useCurrentUser();
  const setPeriod = (change: { from?: string; to?: string }) => {
    const next = { from, to, ...change };
    setParams(
      new URLSearchParams(Object.entries(next).filter(([, value]) => value !== '') as [string, string][]),
    );
  };

  if (!Number.isInteger(id) || id < 1) return <NotFoundPage />;
  if (!review.data) return <QueryPending query={review} />;
  const data = review.data;
  return (
    <Stack gap="lg" data-testid="texter-page">
      <Anchor component={Link} to="/audits" size="sm">
        {t('auditReview.texter.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle>{t('auditReview.texter.title', { name: data.texter.name })}</PageTitle>
          <Text c="dimmed" size="sm">
            {data.texter.email ?? t('auditReview.texter.noEmail')}
          </Text>
        </div>
        <Group
          gap="sm"
          role="group"
          aria-label={t('auditReview.texter.actions')}
          data-testid="texter-actions"
        >
          {me.user.role === 'admin' && (
            <Button
              component={Link}
              to={`/settings/audit/feedback?${new URLSearchParams({ texter: String(id), ...periodOf(from, to) })}`}
              leftSection={<IconMail size={16} aria-hidden />}
              variant="light"
            >
              {t('auditReview.texter.sendFeedback')}
            </Button>
          )}
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" role="group" aria-label={t('auditReview.texter.period')}>
        <TextInput
          type="date"
          label={t('auditReview.filters.from')}
          value={from}
          max={to || undefined}
          onChange={(event) => setPeriod({ from: event.currentTarget.value })}
          data-testid="texter-from"
        />
        <TextInput
          type="date"
          label={t('auditReview.filters.to')}
          value={to}
          min={from || undefined}
          onChange={(event) => setPeriod({ to: event.currentTarget.value })}
          data-testid="texter-to"
        />
      </Group>
      <Totals review={data} />
      <ItemRates review={data} />
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('auditReview.texter.audits')}
        </Title>
        {data.total > data.audits.length && (
          <Text size="sm" c="dimmed">
            {t('auditReview.texter.truncated', { shown: data.audits.length, total: data.total })}
          </Text>
        )}
        <AuditTable rows={data.audits} labels={labels} showTexter={false} />
      </Stack>
    </Stack>
  );
}

function Totals({ review }: { review: TexterReview }) {
  const { t } = useTranslation();
  const stats: [string, string, string][] = [
    ['total', t('auditReview.texter.total'), String(review.total)],
    ['passed', t('auditReview.summary.passed'), String(review.passed)],
    [
      'rate',
      t('auditReview.texter.passRate'),
      review.total > 0 ? percent(review.passed / review.total) : '—',
    ],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      {stats.map(([key, label, value]) => (
        <Paper key={key} withBorder p="sm" data-testid={`texter-${key}`}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text size="xl" fw={700}>
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ItemRates({ review }: { review: TexterReview }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('auditReview.texter.items')}
      </Title>
      <Table striped verticalSpacing="xs" maw={640} data-testid="texter-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auditReview.view.item')}</Table.Th>
            <Table.Th>{t('auditReview.texter.itemAudits')}</Table.Th>
            <Table.Th>{t('auditReview.texter.itemPassed')}</Table.Th>
            <Table.Th>{t('auditReview.texter.itemRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {review.items.map((item) => (
            <Table.Tr key={item.key} data-testid={`texter-item-${item.key}`}>
              <Table.Td>{item.label}</Table.Td>
              <Table.Td>{item.audits}</Table.Td>
              <Table.Td>{item.passed}</Table.Td>
              <Table.Td>{item.rate === null ? '—' : percent(item.rate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The page's period as the feedback page's parameters (only the ends that are set). */
function periodOf(from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries({ from, to }).filter(([, value]) => value !== ''));
}
