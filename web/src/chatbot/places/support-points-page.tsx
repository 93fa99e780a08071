import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportPointView } from '../../../../common/api/support-points.js';
import { useNotify } from '../../ui/notify.js';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { ImportForm } from './import-form.js';
import { PointForm } from './point-form.js';
import { PAGE_SIZE, useDeleteSupportPoint, useSupportPoints } from './queries.js';

type Editing = { point: SupportPointView | null } | null;

/** `/chatbots/support-points`: the services a CEP question lists near the user. */
export function SupportPointsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [category, setCategory] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<SupportPointView | null>(null);
  const points = useSupportPoints(q, category, offset);
  const page = points.data;

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <PageTitle>{t('supportPoints.title')}</PageTitle>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => setImporting(true)}
            data-testid="import-support-points"
          >
            {t('supportPoints.import.title')}
          </Button>
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setEditing({ point: null })}
            data-testid="add-support-point"
          >
            {t('supportPoints.add')}
          </Button>
        </Group>
      </Group>
      <Text c="dimmed" size="sm">
        {t('supportPoints.intro')}
      </Text>
      <Filters
        search={search}
        category={category}
        categories={page?.categories ?? []}
        onSearch={(value) => {
          setSearch(value);
          setOffset(0);
        }}
        onCategory={(value) => {
          setCategory(value);
          setOffset(0);
        }}
      />
      {page ? (
        <PointsTable
          points={page.items}
          onEdit={(point) => setEditing({ point })}
          onDelete={(point) => setDeleting(point)}
        />
      ) : (
        <QueryPending query={points} />
      )}
      {page && page.total > 0 && <Pager offset={offset} total={page.total} onOffset={setOffset} />}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.point ? t('supportPoints.edit') : t('supportPoints.add')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && <PointForm point={editing.point} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('supportPoints.delete')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {deleting && <DeleteConfirm point={deleting} onDone={() => setDeleting(null)} />}
      </Modal>
      <Modal
        opened={importing}
        onClose={() => setImporting(false)}
        title={t('supportPoints.import.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {importing && <ImportForm onDone={() => setImporting(false)} />}
      </Modal>
    </Stack>
  );
}

function DeleteConfirm({ point, onDone }: { point: SupportPointView; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const remove = useDeleteSupportPoint();
  const confirm = () =>
    remove.mutate(point.id, {
      onSuccess: () => {
        notify.success(t('supportPoints.deleted', { name: point.name }));
        onDone();
      },
      onError: (error) => notify.error(error, t('supportPoints.deleteFailed')),
    });
  return (
    <Stack gap="md">
      <Text>{t('supportPoints.confirmDelete', { name: point.name })}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button color="red" loading={remove.isPending} onClick={confirm} data-testid="confirm-delete">
          {t('supportPoints.delete')}
        </Button>
      </Group>
    </Stack>
  );
}

interface TableProps {
  points: SupportPointView[];
  onEdit: (point: SupportPointView) => void;
  onDelete: (point: SupportPointView) => void;
}

function PointsTable({ points, onEdit, onDelete }: TableProps) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="support-points-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supportPoints.columns.name')}</Table.Th>
            <Table.Th>{t('supportPoints.columns.category')}</Table.Th>
            <Table.Th>{t('supportPoints.columns.address')}</Table.Th>
            <Table.Th>{t('supportPoints.columns.phone')}</Table.Th>
            <Table.Th>{t('supportPoints.columns.position')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('supportPoints.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {points.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed" ta="center" py="md">
                  {t('supportPoints.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {points.map((point) => (
            <Table.Tr key={point.id} data-testid="support-point-row">
              <Table.Td>
                {point.name}{' '}
                {!point.active && (
                  <Badge color="gray" variant="light">
                    {t('supportPoints.inactive')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{point.category}</Table.Td>
              <Table.Td>{point.address}</Table.Td>
              <Table.Td>{point.phone}</Table.Td>
              <Table.Td>
                {point.lat.toFixed(5)}, {point.lng.toFixed(5)}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('supportPoints.editNamed', { name: point.name })}
                    onClick={() => onEdit(point)}
                  >
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('supportPoints.deleteNamed', { name: point.name })}
                    onClick={() => onDelete(point)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface FiltersProps {
  search: string;
  category: string;
  categories: string[];
  onSearch: (value: string) => void;
  onCategory: (value: string) => void;
}

function Filters({ search, category, categories, onSearch, onCategory }: FiltersProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('supportPoints.filters')}>
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('supportPoints.search')}
          value={search}
          onChange={(event) => onSearch(event.currentTarget.value)}
          w={280}
          data-testid="support-points-search"
        />
        <Select
          label={t('supportPoints.columns.category')}
          data={[
            { value: '', label: t('supportPoints.anyCategory') },
            ...categories.map((name) => ({ value: name, label: name })),
          ]}
          value={category}
          onChange={(value) => onCategory(value ?? '')}
          allowDeselect={false}
          w={220}
          data-testid="support-points-category"
        />
      </Group>
    </Paper>
  );
}

function Pager({
  offset,
  total,
  onOffset,
}: {
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid="support-points-count">
        {t('supportPoints.range', { from: offset + 1, to: Math.min(offset + PAGE_SIZE, total), total })}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          {t('supportPoints.previous')}
        </Button>
        <Button
          variant="default"
          disabled={offset + PAGE_SIZE >= total}
          onClick={() => onOffset(offset + PAGE_SIZE)}
        >
          {t('supportPoints.next')}
        </Button>
      </Group>
    </Group>
  );
}
