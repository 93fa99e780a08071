import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconEdit, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ReportView,
  ScheduleStatus,
  ScheduleView,
  StaffMemberView,
} from '../../../common/api/reports.js';
import { useFormatDateTime } from '../ui/format.js';
import { useNotify } from '../ui/notify.js';
import { QueryPending } from '../ui/query-pending.js';
import { ScheduleForm } from './schedule-form.js';
import { useDeleteSchedule, useRunScheduleNow, useSchedules } from './schedules-queries.js';

const STATUS_COLORS: Record<ScheduleStatus, string> = {
  sent: 'green',
  empty: 'gray',
  alert: 'orange',
  alerting: 'orange',
  ok: 'green',
  failed: 'red',
};

type Editing = { schedule: ScheduleView | null } | null;

/** The report page's "Schedules and checks" (admins): list, add, edit, delete, run now, last outcome. */
export function SchedulesSection({ report }: { report: ReportView }) {
  const { t } = useTranslation();
  const query = useSchedules(report.name);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ScheduleView | null>(null);
  return (
    <Stack
      gap="sm"
      component="section"
      aria-labelledby="report-schedules-title"
      data-testid="report-schedules"
    >
      <Group justify="space-between">
        <Title order={2} size="h3" id="report-schedules-title">
          {t('reportSchedules.title')}
        </Title>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing({ schedule: null })}
          disabled={!query.data}
          data-testid="schedule-add"
        >
          {t('reportSchedules.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('reportSchedules.intro')}
      </Text>
      {query.data ? (
        <SchedulesTable
          report={report.name}
          schedules={query.data.schedules}
          onEdit={(schedule) => setEditing({ schedule })}
          onDelete={setDeleting}
        />
      ) : (
        <QueryPending query={query} />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.schedule ? t('reportSchedules.editTitle') : t('reportSchedules.newTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && query.data && (
          <ScheduleForm
            report={report}
            schedule={editing.schedule}
            candidates={candidatesWith(query.data.candidates, editing.schedule)}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('reportSchedules.delete')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {deleting && (
          <DeleteConfirm report={report.name} schedule={deleting} onDone={() => setDeleting(null)} />
        )}
      </Modal>
    </Stack>
  );
}

/** Who may be chosen, and whoever the schedule names already (so a disabled one can be removed). */
function candidatesWith(candidates: StaffMemberView[], schedule: ScheduleView | null): StaffMemberView[] {
  const extra = (schedule?.recipients ?? []).filter((r) => !candidates.some((c) => c.id === r.id));
  return [...candidates, ...extra];
}

function DeleteConfirm({
  report,
  schedule,
  onDone,
}: {
  report: string;
  schedule: ScheduleView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const notify = useNotify();
  const remove = useDeleteSchedule(report);
  const confirm = () =>
    remove.mutate(schedule.id, {
      onSuccess: () => {
        notify.success(t('reportSchedules.deleted'));
        onDone();
      },
      onError: (error) => notify.error(error),
    });
  return (
    <Stack gap="md">
      <Text>
        {t('reportSchedules.deleteConfirm')} <Code>{schedule.cron}</Code>
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={confirm}
          data-testid="schedule-confirm-delete"
        >
          {t('reportSchedules.delete')}
        </Button>
      </Group>
    </Stack>
  );
}

interface TableProps {
  report: string;
  schedules: ScheduleView[];
  onEdit: (schedule: ScheduleView) => void;
  onDelete: (schedule: ScheduleView) => void;
}

function SchedulesTable({ report, schedules, onEdit, onDelete }: TableProps) {
  const { t } = useTranslation();
  if (schedules.length === 0) return <Text c="dimmed">{t('reportSchedules.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" data-testid="schedules-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reportSchedules.columns.when')}</Table.Th>
            <Table.Th>{t('reportSchedules.columns.what')}</Table.Th>
            <Table.Th>{t('reportSchedules.columns.recipients')}</Table.Th>
            <Table.Th>{t('reportSchedules.columns.last')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('reportSchedules.columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schedules.map((schedule) => (
            <ScheduleRow
              key={schedule.id}
              report={report}
              schedule={schedule}
              onEdit={onEdit}
              onDelete={onDelete}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ScheduleRow({
  report,
  schedule: s,
  onEdit,
  onDelete,
}: Omit<TableProps, 'schedules'> & { schedule: ScheduleView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const notify = useNotify();
  const runNow = useRunScheduleNow(report);
  const what =
    s.kind === 'alert_when_change'
      ? t('reportSchedules.kinds.alert_when_change', { percent: s.change_percent ?? 0 })
      : t(`reportSchedules.kinds.${s.kind}`);
  return (
    <Table.Tr data-testid="schedule-row">
      <Table.Td>
        <Code>{s.cron}</Code>{' '}
        <Text span size="sm">
          {s.time_zone}
        </Text>
        <Text size="xs" c="dimmed">
          {s.enabled
            ? t('reportSchedules.next', { time: formatDateTime(s.next_run_at) })
            : t('reportSchedules.paused')}
        </Text>
      </Table.Td>
      <Table.Td>
        {what}
        {Object.keys(s.params).length > 0 && (
          <Text size="xs" c="dimmed">
            {Object.entries(s.params)
              .map(([name, value]) => `${name} = ${Array.isArray(value) ? value.join(',') : String(value)}`)
              .join(' · ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{s.recipients.map((r) => r.name || r.email).join(', ')}</Table.Td>
      <Table.Td>
        <LastRun schedule={s} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            aria-label={t('reportSchedules.runNow')}
            loading={runNow.isPending}
            onClick={() =>
              runNow.mutate(s.id, {
                onSuccess: () => notify.success(t('reportSchedules.queued')),
                onError: (error) => notify.error(error),
              })
            }
            data-testid="schedule-run-now"
          >
            <IconPlayerPlay size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={t('reportSchedules.edit')}
            onClick={() => onEdit(s)}
            data-testid="schedule-edit"
          >
            <IconEdit size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('reportSchedules.delete')}
            onClick={() => onDelete(s)}
            data-testid="schedule-delete"
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The last run's outcome; a failure with its error, in full (never hidden). */
function LastRun({ schedule: s }: { schedule: ScheduleView }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (s.last_status === null)
    return (
      <Text size="sm" c="dimmed">
        {t('reportSchedules.never')}
      </Text>
    );
  return (
    <Stack gap={4} data-testid="schedule-last">
      <Group gap="xs">
        <Badge color={STATUS_COLORS[s.last_status]} variant="light" data-testid="schedule-status">
          {t(`reportSchedules.statuses.${s.last_status}`)}
        </Badge>
        <Text size="xs" c="dimmed">
          {formatDateTime(s.last_run_at)}
          {s.last_status !== 'failed' &&
            s.last_row_count !== null &&
            ` · ${t('reportSchedules.rows', { count: s.last_row_count })}`}
        </Text>
      </Group>
      {s.last_status === 'failed' && (
        <Alert color="red" p="xs" title={t('reportSchedules.lastError')} data-testid="schedule-error">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {s.last_error}
          </Text>
          {s.failing_since && (
            <Text size="xs" c="dimmed">
              {t('reportSchedules.failingSince', { time: formatDateTime(s.failing_since) })}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
