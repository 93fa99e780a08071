import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDatabase, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useReports } from './queries.js';

export const REPORTS_PATH = '/reports';

/** The reports one may run, built-in and saved, with a search over names, titles and descriptions. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { user } = useCurrentUser();
  const query = useReports();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const reports = (query.data?.reports ?? []).filter((r) =>
    `${r.name} ${r.title} ${r.description}`.toLowerCase().includes(needle),
  );
  return (
    <Stack gap="lg" data-testid="reports-page">
      <Group justify="space-between">
        <PageTitle>{t('reports.title')}</PageTitle>
        {user.role === 'admin' && (
          <Group gap="sm">
            <Button
              component={Link}
              variant="default"
              to={`${REPORTS_PATH}/sources`}
              leftSection={<IconDatabase size={16} aria-hidden />}
              data-testid="reports-sources-link"
            >
              {t('reports.sources.title')}
            </Button>
            <Button
              component={Link}
              to={`${REPORTS_PATH}/new`}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {t('reports.new')}
            </Button>
          </Group>
        )}
      </Group>
      <Text c="dimmed" maw={760}>
        {t('reports.intro')}
      </Text>
      <TextInput
        label={t('reports.search')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
        data-testid="reports-search"
      />
      {query.data ? (
        <Table highlightOnHover data-testid="reports-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.columns.title')}</Table.Th>
              <Table.Th>{t('reports.columns.name')}</Table.Th>
              <Table.Th>{t('reports.columns.description')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.map((r) => (
              <Table.Tr key={r.name}>
                <Table.Td>
                  <Anchor component={Link} to={`${REPORTS_PATH}/${r.name}`}>
                    {r.title}
                  </Anchor>{' '}
                  {r.builtin && (
                    <Badge size="sm" variant="light">
                      {t('reports.builtin')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <code>{r.name}</code>
                </Table.Td>
                <Table.Td>{r.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <QueryPending query={query} />
      )}
      {query.data && reports.length === 0 && <Text c="dimmed">{t('reports.none')}</Text>}
    </Stack>
  );
}
