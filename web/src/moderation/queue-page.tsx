import { Anchor, Badge, Group, Kbd, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ItemSummary } from '../../../common/api/moderation.js';
import { useCurrentUser } from '../auth/current-user.js';
import { BuiltinReportLinks } from '../reports/builtin-report-links.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { useItemActions } from './item-actions.js';
import { useFlagTypes, useQueue } from './queries.js';
import { StatusBadge, useAge } from './status.js';
import { type QueueKey, useQueueKeys } from './use-queue-keys.js';

export const MODERATION_PATH = '/moderation';
export const FLAG_TYPES_PATH = '/settings/moderation/flag-types';
export const RULES_PATH = '/settings/moderation/rules';

/** `/moderation`: the queue, pending first, driven by the keyboard like the audit screen. */
export function QueuePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const queue = useQueue(params);
  const items = queue.data?.items ?? [];
  const [selected, setSelected] = useState(0);
  const current = items[Math.min(selected, items.length - 1)];
  const actions = useItemActions();
  const navigate = useNavigate();
  const listRef = useRef<HTMLElement>(null);
  const loaded = queue.data !== undefined;
  // The keys act on the list: it takes the focus once loaded (away from the link that led here).
  useEffect(() => {
    if (loaded) listRef.current?.focus({ preventScroll: true });
  }, [loaded]);

  const act: Record<QueueKey, (item: ItemSummary) => void> = {
    next: () => setSelected((i) => Math.min(i + 1, items.length - 1)),
    previous: () => setSelected((i) => Math.max(i - 1, 0)),
    open: (item) => void navigate(`${MODERATION_PATH}/items/${item.id}`),
    claim: (item) => actions.claim(item),
    agree: (item) => actions.resolve(item, 'agree'),
    disagree: (item) => actions.resolve(item, 'disagree'),
    defer: (item) => actions.resolve(item, 'defer'),
    reopen: (item) => actions.reopen(item),
  };
  useQueueKeys((key) => {
    if (current && !actions.pending) act[key](current);
  });
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setSelected(0);
  };

  return (
    <Stack gap="lg" data-testid="moderation-queue">
      <PageTitle>{t('moderation.queue.title')}</PageTitle>
      <Text c="dimmed">{t('moderation.queue.intro')}</Text>
      <BuiltinReportLinks prefix="flag" testId="moderation-reports" />
      {me.user.role === 'admin' && (
        <Group gap="md">
          <Anchor component={Link} to={FLAG_TYPES_PATH}>
            {t('moderation.types.title')}
          </Anchor>
          <Anchor component={Link} to={RULES_PATH}>
            {t('moderation.rules.title')}
          </Anchor>
        </Group>
      )}
      <Filters params={params} onChange={setFilter} />
      <KeyHelp />
      <section
        ref={listRef}
        tabIndex={-1}
        aria-label={t('moderation.queue.list')}
        style={{ outline: 'none' }}
      >
        {queue.data ? (
          <QueueTable items={items} selectedId={current?.id ?? null} onSelect={setSelected} />
        ) : (
          <QueryPending query={queue} />
        )}
      </section>
    </Stack>
  );
}

function Filters({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (key: string, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const types = useFlagTypes().data?.types ?? [];
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('moderation.queue.filters')}>
      <Group gap="sm" align="flex-end">
        <Select
          label={t('moderation.queue.status')}
          data={(['pending', 'resolved', 'all'] as const).map((value) => ({
            value,
            label: t(`moderation.queue.show.${value}`),
          }))}
          value={params.get('status') ?? 'pending'}
          onChange={(value) => onChange('status', value === 'pending' ? null : value)}
          allowDeselect={false}
          w={180}
          data-testid="filter-status"
        />
        <Select
          label={t('moderation.queue.type')}
          data={[
            { value: '', label: t('moderation.queue.anyType') },
            ...types.map((type) => ({ value: String(type.id), label: type.name })),
          ]}
          value={params.get('type') ?? ''}
          onChange={(value) => onChange('type', value || null)}
          allowDeselect={false}
          w={220}
          data-testid="filter-type"
        />
      </Group>
    </Paper>
  );
}

function KeyHelp() {
  const { t } = useTranslation();
  const keys = [
    ['j / k', 'move'],
    ['Enter', 'open'],
    ['c', 'claim'],
    ['a', 'agree'],
    ['d', 'disagree'],
    ['f', 'defer'],
    ['r', 'reopen'],
  ] as const;
  return (
    <Group gap="md" data-testid="queue-keys">
      {keys.map(([key, action]) => (
        <Text key={action} size="sm" c="dimmed">
          <Kbd>{key}</Kbd> {t(`moderation.keys.${action}`)}
        </Text>
      ))}
    </Group>
  );
}

interface QueueTableProps {
  items: readonly ItemSummary[];
  selectedId: number | null;
  onSelect: (index: number) => void;
}

function QueueTable({ items, selectedId, onSelect }: QueueTableProps) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <Text c="dimmed" data-testid="queue-empty">
        {t('moderation.queue.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table highlightOnHover data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('moderation.columns.message')}</Table.Th>
            <Table.Th>{t('moderation.columns.types')}</Table.Th>
            <Table.Th>{t('moderation.columns.campaign')}</Table.Th>
            <Table.Th>{t('moderation.columns.waiting')}</Table.Th>
            <Table.Th>{t('moderation.columns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item, index) => (
            <QueueRow
              key={item.id}
              item={item}
              selected={item.id === selectedId}
              onSelect={() => onSelect(index)}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function QueueRow({
  item,
  selected,
  onSelect,
}: {
  item: ItemSummary;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t } = useTranslation();
  const age = useAge();
  const background = selected
    ? 'var(--mantine-primary-color-light)'
    : item.stale
      ? 'var(--mantine-color-red-light)'
      : undefined;
  return (
    <Table.Tr
      onClick={onSelect}
      style={{ background, outline: selected ? '2px solid var(--mantine-primary-color-filled)' : undefined }}
      aria-selected={selected}
      data-testid="queue-row"
      data-selected={selected ? 'true' : undefined}
      data-stale={item.stale ? 'true' : undefined}
      data-status={item.status}
    >
      <Table.Td maw={380}>
        <Anchor component={Link} to={`${MODERATION_PATH}/items/${item.id}`} data-testid="open-item">
          <Text size="sm" lineClamp={2}>
            {item.message.text || '—'}
          </Text>
        </Anchor>
        <Text size="xs" c="dimmed">
          {item.message.from_contact
            ? t('moderation.fromContact')
            : (item.texter?.name ?? t('moderation.texter'))}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={item.severity >= 4 ? 'red' : item.severity >= 3 ? 'orange' : 'gray'} variant="light">
            {item.severity}
          </Badge>
          <Text size="sm">{item.types.join(', ')}</Text>
        </Group>
        <Text size="xs" c="dimmed">
          {t('moderation.flagCount', { count: item.flag_count })}
        </Text>
      </Table.Td>
      <Table.Td>{item.campaign.title}</Table.Td>
      <Table.Td>
        <Text size="sm">{age(item.pending_since)}</Text>
        {item.stale && (
          <Badge color="red" size="sm" data-testid="stale-badge">
            {t('moderation.stale')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <StatusBadge item={item} />
      </Table.Td>
    </Table.Tr>
  );
}
