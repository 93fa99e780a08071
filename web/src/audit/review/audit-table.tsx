import { ActionIcon, Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditListRow } from '../../../../common/api/audit-review.js';
import { useFormatDateTime } from '../../ui/format.js';
import type { NamedFilter, NamedFilterKey } from './search.js';

export const auditPath = (id: number) => `/audits/${id}`;
export const texterPath = (id: number) => `/audits/texters/${id}`;

/** Passed or failed, and the score as a percentage. */
export function ResultBadge({ passed }: { passed: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={passed ? 'green' : 'red'} variant="light">
      {passed ? t('auditReview.result.passed') : t('auditReview.result.failed')}
    </Badge>
  );
}

export const percent = (score: number) => `${Math.round(score * 100)}%`;

interface AuditTableProps {
  rows: readonly AuditListRow[];
  /** Item key → label, for the failed items. */
  labels: ReadonlyMap<string, string>;
  /** Offers "show only this texter/campaign/auditor" beside the names (the Audits page). */
  onFilter?: (key: NamedFilterKey, value: NamedFilter) => void;
  /** The texter column (not on a texter's own page). */
  showTexter?: boolean;
}

/** Audits as a table: each row opens the audit (its conversation, scores and note). */
export function AuditTable({ rows, labels, onFilter, showTexter = true }: AuditTableProps) {
  const { t } = useTranslation();
  const columns = showTexter ? 8 : 7;
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="xs" data-testid="audits-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auditReview.columns.date')}</Table.Th>
            {showTexter && <Table.Th>{t('auditReview.columns.texter')}</Table.Th>}
            <Table.Th>{t('auditReview.columns.campaign')}</Table.Th>
            <Table.Th>{t('auditReview.columns.auditor')}</Table.Th>
            <Table.Th>{t('auditReview.columns.score')}</Table.Th>
            <Table.Th>{t('auditReview.columns.result')}</Table.Th>
            <Table.Th>{t('auditReview.columns.failed')}</Table.Th>
            <Table.Th>{t('auditReview.columns.note')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <Text c="dimmed" ta="center" py="md" data-testid="audits-none">
                  {t('auditReview.none')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((row) => (
            <AuditRow key={row.id} row={row} labels={labels} onFilter={onFilter} showTexter={showTexter} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface AuditRowProps extends Omit<AuditTableProps, 'rows' | 'showTexter'> {
  row: AuditListRow;
  showTexter: boolean;
}

function AuditRow({ row, labels, onFilter, showTexter }: AuditRowProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.Tr data-testid="audit-row" data-audit-id={row.id}>
      <Table.Td>
        <Anchor
          component={Link}
          to={auditPath(row.id)}
          aria-label={t('auditReview.open', { date: formatDateTime(row.created_at) })}
          data-testid="open-audit"
        >
          {formatDateTime(row.created_at)}
        </Anchor>
        {row.calibration && (
          <Badge size="xs" variant="outline" ml={6}>
            {t('auditReview.calibration')}
          </Badge>
        )}
      </Table.Td>
      {showTexter && (
        <Table.Td>
          {row.texter ? (
            <Named
              value={row.texter}
              link={texterPath(row.texter.id)}
              filterLabel={t('auditReview.filters.byTexter', { name: row.texter.name })}
              onFilter={onFilter && ((value) => onFilter('texter', value))}
            />
          ) : (
            <Text c="dimmed" size="sm">
              {t('auditReview.unknownTexter')}
            </Text>
          )}
        </Table.Td>
      )}
      <Table.Td>
        <Named
          value={{ id: row.campaign.id, name: row.campaign.title }}
          filterLabel={t('auditReview.filters.byCampaign', { name: row.campaign.title })}
          onFilter={onFilter && ((value) => onFilter('campaign', value))}
        />
      </Table.Td>
      <Table.Td>
        <Named
          value={row.auditor}
          filterLabel={t('auditReview.filters.byAuditor', { name: row.auditor.name })}
          onFilter={onFilter && ((value) => onFilter('auditor', value))}
        />
      </Table.Td>
      <Table.Td>{percent(row.score)}</Table.Td>
      <Table.Td>
        <ResultBadge passed={row.passed} />
      </Table.Td>
      <Table.Td>{row.failed_items.map((key) => labels.get(key) ?? key).join(', ') || '—'}</Table.Td>
      <Table.Td maw={280}>
        <Text size="sm" lineClamp={2}>
          {row.note || '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

interface NamedProps {
  value: NamedFilter;
  link?: string;
  filterLabel: string;
  onFilter?: ((value: NamedFilter) => void) | undefined;
}

/** A name (a link when it has a page) and, on the Audits page, a button that filters by it. */
function Named({ value, link, filterLabel, onFilter }: NamedProps) {
  return (
    <Group gap={4} wrap="nowrap">
      {link ? (
        <Anchor component={Link} to={link} size="sm">
          {value.name}
        </Anchor>
      ) : (
        <Text size="sm">{value.name}</Text>
      )}
      {onFilter && (
        <Tooltip label={filterLabel}>
          <ActionIcon variant="subtle" size="sm" aria-label={filterLabel} onClick={() => onFilter(value)}>
            <IconFilter size={14} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
