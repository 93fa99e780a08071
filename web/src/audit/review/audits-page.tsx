import { Button, CloseButton, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { AuditTable } from './audit-table.js';
import { useAuditList, useReviewFilters } from './queries.js';
import {
  listQuery,
  NAMED_FILTERS,
  type NamedFilter,
  type NamedFilterKey,
  type ReviewSearch,
  readSearch,
  SORTS,
  type SortChoice,
  writeSearch,
} from './search.js';

/** Item key → label of every rubric version (the newest label). */
export function useItemLabels(): ReadonlyMap<string, string> {
  const filters = useReviewFilters();
  return new Map((filters.data?.items ?? []).map((item) => [item.key, item.label]));
}

/**
 * `/audits` (moderators and admins): every audit, filtered and sorted, a page at a time. The filters
 * live in the address; texter, campaign and auditor are set from a row's filter buttons.
 */
export function AuditsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const update = (change: Partial<ReviewSearch>) => setParams(writeSearch({ ...search, ...change }));
  const list = useAuditList(listQuery(search));
  const labels = useItemLabels();
  const rows = list.data?.pages.flatMap((page) => page.audits) ?? [];

  return (
    <Stack gap="lg" data-testid="audits-page">
      <PageTitle>{t('auditReview.title')}</PageTitle>
      <Text c="dimmed">{t('auditReview.intro')}</Text>
      <Filters search={search} onChange={update} onClear={() => setParams(new URLSearchParams())} />
      <ActiveFilters search={search} onRemove={(key) => update({ [key]: null })} />
      {list.data ? (
        <AuditTable
          rows={rows}
          labels={labels}
          onFilter={(key: NamedFilterKey, value: NamedFilter) => update({ [key]: value })}
        />
      ) : (
        <QueryPending query={list} />
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
            data-testid="audits-more"
          >
            {t('auditReview.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface FiltersProps {
  search: ReviewSearch;
  onChange: (change: Partial<ReviewSearch>) => void;
  onClear: () => void;
}

function Filters({ search, onChange, onClear }: FiltersProps) {
  const { t } = useTranslation();
  const choices = useReviewFilters().data;
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('auditReview.filters.title')}>
      <Group align="flex-end" gap="sm">
        <TextInput
          type="date"
          label={t('auditReview.filters.from')}
          value={search.from}
          max={search.to || undefined}
          onChange={(event) => onChange({ from: event.currentTarget.value })}
          data-testid="filter-from"
        />
        <TextInput
          type="date"
          label={t('auditReview.filters.to')}
          value={search.to}
          min={search.from || undefined}
          onChange={(event) => onChange({ to: event.currentTarget.value })}
          data-testid="filter-to"
        />
        <Select
          label={t('auditReview.result.label')}
          data={[
            { value: '', label: t('auditReview.result.any') },
            { value: 'passed', label: t('auditReview.result.passed') },
            { value: 'failed', label: t('auditReview.result.failed') },
          ]}
          value={search.result}
          onChange={(value) => onChange({ result: value === 'passed' || value === 'failed' ? value : '' })}
          allowDeselect={false}
          w={200}
          data-testid="filter-result"
        />
        <Select
          label={t('auditReview.filters.item')}
          data={[
            { value: '', label: t('auditReview.filters.anyItem') },
            ...(choices?.items ?? []).map((item) => ({ value: item.key, label: item.label })),
          ]}
          value={search.item}
          onChange={(value) => onChange({ item: value ?? '' })}
          allowDeselect={false}
          w={200}
          data-testid="filter-item"
        />
        <NamedSelect
          label={t('auditReview.columns.campaign')}
          options={(choices?.campaigns ?? []).map((c) => ({ id: c.id, name: c.title }))}
          value={search.campaign}
          onChange={(campaign) => onChange({ campaign })}
          testId="filter-campaign"
        />
        <NamedSelect
          label={t('auditReview.columns.auditor')}
          options={choices?.auditors ?? []}
          value={search.auditor}
          onChange={(auditor) => onChange({ auditor })}
          testId="filter-auditor"
        />
        <Select
          label={t('auditReview.filters.sort')}
          data={SORTS.map((sort) => ({ value: sort, label: t(`auditReview.sort.${sort}`) }))}
          value={search.sort}
          onChange={(value) => onChange({ sort: (value ?? 'newest') as SortChoice })}
          allowDeselect={false}
          w={220}
          data-testid="filter-sort"
        />
        <Button variant="subtle" onClick={onClear} data-testid="filters-clear">
          {t('auditReview.filters.clear')}
        </Button>
      </Group>
    </Paper>
  );
}

interface NamedSelectProps {
  label: string;
  options: readonly NamedFilter[];
  value: NamedFilter | null;
  onChange: (value: NamedFilter | null) => void;
  testId: string;
}

/** A searchable choice of a campaign or auditor; clearing it removes the filter. */
function NamedSelect({ label, options, value, onChange, testId }: NamedSelectProps) {
  const { t } = useTranslation();
  const known = value && !options.some((option) => option.id === value.id) ? [value] : [];
  return (
    <Select
      label={label}
      placeholder={t('auditReview.filters.all')}
      data={[...known, ...options].map((option) => ({ value: String(option.id), label: option.name }))}
      value={value ? String(value.id) : null}
      onChange={(id) => onChange([...known, ...options].find((option) => String(option.id) === id) ?? null)}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('auditReview.filters.clearOne', { name: label }) }}
      w={220}
      data-testid={testId}
    />
  );
}

/** Texter, campaign and auditor filters in force, each removable. */
function ActiveFilters({
  search,
  onRemove,
}: {
  search: ReviewSearch;
  onRemove: (key: NamedFilterKey) => void;
}) {
  const { t } = useTranslation();
  const active = NAMED_FILTERS.flatMap((key) => {
    const filter = search[key];
    return filter ? [{ key, label: t(`auditReview.filters.${key}`, { name: filter.name }) }] : [];
  });
  if (active.length === 0) return null;
  return (
    <Group gap="xs" data-testid="active-filters">
      <Text size="sm" c="dimmed">
        {t('auditReview.filters.active')}
      </Text>
      {active.map(({ key, label }) => (
        <Paper key={key} withBorder px="xs" py={2} radius="xl">
          <Group gap={4} wrap="nowrap">
            <Text size="sm">{label}</Text>
            <CloseButton
              size="sm"
              aria-label={t('auditReview.filters.remove', { name: label })}
              onClick={() => onRemove(key)}
              data-testid={`remove-filter-${key}`}
            />
          </Group>
        </Paper>
      ))}
    </Group>
  );
}
