import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SpokeImportView } from '../../../../common/api/imports.js';
import { useFormatDateTime } from '../../ui/format.js';
import { importMessage } from './import-message.js';
import { ImportStatusBadge } from './import-status-badge.js';

interface ImportsTableProps {
  imports: readonly SpokeImportView[];
  selected: number | null;
  onSelect: (id: number) => void;
}

/** Recent imports (CLI, API and this page); a row opens its details. */
export function ImportsTable({ imports, selected, onSelect }: ImportsTableProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="imports-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('imports.columns.kind')}</Table.Th>
            <Table.Th>{t('imports.columns.source')}</Table.Th>
            <Table.Th>{t('imports.columns.status')}</Table.Th>
            <Table.Th>{t('imports.columns.started')}</Table.Th>
            <Table.Th>{t('imports.columns.outcome')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {imports.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed" ta="center" py="md">
                  {t('imports.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {imports.map((view) => (
            <Table.Tr
              key={view.id}
              onClick={() => onSelect(view.id)}
              bg={view.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
              style={{ cursor: 'pointer' }}
              data-testid="import-row"
            >
              <Table.Td>{view.id}</Table.Td>
              <Table.Td>{t(`imports.kind.${view.kind}`)}</Table.Td>
              <Table.Td>{view.source ?? '—'}</Table.Td>
              <Table.Td>
                <ImportStatusBadge status={view.status} />
              </Table.Td>
              <Table.Td>{formatDateTime(view.started_at)}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {importMessage(t, view) ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
