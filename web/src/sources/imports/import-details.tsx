import { Alert, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProgress, SpokeImportView } from '../../../../common/api/imports.js';
import { ErrorState } from '../../ui/error-state.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useImportMessage } from './import-message.js';
import { importProblemText } from './import-problem.js';
import { ImportStatusBadge } from './import-status-badge.js';
import { importKeys, useImport } from './queries.js';

function share(progress: ImportProgress): number | null {
  return progress.total && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : null;
}

/** One import: status, live progress, what each file was found to be, and every bad row listed. */
export function ImportDetails({ id }: { id: number }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const query = useImport(id);
  const importMessage = useImportMessage();
  const queryClient = useQueryClient();
  const status = query.data?.status;
  // The list polls only while something runs: refresh it when this import has finished.
  useEffect(() => {
    if (status === 'succeeded' || status === 'failed')
      void queryClient.invalidateQueries({ queryKey: importKeys.list() });
  }, [status, queryClient]);
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const view = query.data;
  if (!view) return null;
  const progress = view.progress;
  const percent = progress ? share(progress) : null;
  const active = view.status === 'queued' || view.status === 'running';

  return (
    <Paper withBorder radius="md" p="lg" data-testid="import-details">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('imports.importNumber', { id: view.id })}
          </Title>
          <ImportStatusBadge status={view.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {t('imports.sourceLine', { source: view.source ?? '—', started: formatDateTime(view.started_at) })}
        </Text>
        {active && (
          <Stack gap={4}>
            <Progress
              value={percent ?? 100}
              animated
              striped={percent === null}
              aria-label={t('imports.progress')}
            />
            <Text size="sm" data-testid="import-phase">
              {progress
                ? `${progress.phase}${percent === null ? '' : ` — ${Math.round(percent)}%`}`
                : t('imports.waiting')}
            </Text>
          </Stack>
        )}
        {view.message && (
          <Text size="sm" data-testid="import-message">
            {importMessage(view)}
          </Text>
        )}
        {view.warnings.length > 0 && <Warnings view={view} />}
        {view.files.length > 0 && <FilesTable view={view} />}
        {view.error_count > 0 && <ErrorsTable view={view} />}
      </Stack>
    </Paper>
  );
}

/** What went wrong after the rows were stored (the import itself stands). */
function Warnings({ view }: { view: SpokeImportView }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle />}
      title={t('imports.warningsTitle')}
      data-testid="import-warnings"
    >
      <Stack gap={4}>
        {view.warnings.map((warning) => (
          <Text size="sm" key={`${warning.kind}:${warning.detail}`}>
            {t(`imports.warnings.${warning.kind}`, { detail: warning.detail })}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function FilesTable({ view }: { view: SpokeImportView }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs" data-testid="import-files-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.columns.file')}</Table.Th>
            <Table.Th>{t('imports.columns.layout')}</Table.Th>
            <Table.Th>{t('imports.columns.rows')}</Table.Th>
            <Table.Th>{t('imports.columns.pairedWith')}</Table.Th>
            <Table.Th>{t('imports.columns.recency')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.files.map((file) => (
            <Table.Tr key={file.name}>
              <Table.Td>{file.name}</Table.Td>
              <Table.Td>{file.layout ? `${file.layout} · ${file.role ?? ''}` : '—'}</Table.Td>
              <Table.Td>{file.rows ?? '—'}</Table.Td>
              <Table.Td>{file.paired_with ?? '—'}</Table.Td>
              <Table.Td data-testid="import-file-recency">
                {file.recency
                  ? t(`imports.recency.${file.recency}`, { column: file.time_column ?? '' })
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Bad rows: file, line, column, what is wrong (translated) and the value, all rendered as plain text. */
function ErrorsTable({ view }: { view: SpokeImportView }) {
  const { t } = useTranslation();
  const more = view.error_count - view.errors.length;
  return (
    <Stack gap="xs">
      <Alert
        color="red"
        icon={<IconAlertTriangle />}
        title={
          view.error_rows > 0
            ? t('imports.rejectedCounts', {
                rows: t('imports.rowCount', { count: view.error_rows }),
                problems: t('imports.problemCount', { count: view.error_count }),
              })
            : t('imports.rejectedProblems', {
                problems: t('imports.problemCount', { count: view.error_count }),
              })
        }
        data-testid="import-rejected"
      >
        {t('imports.rejectedHint')}
      </Alert>
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing="xs" data-testid="import-errors-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.columns.file')}</Table.Th>
              <Table.Th>{t('imports.columns.line')}</Table.Th>
              <Table.Th>{t('imports.columns.column')}</Table.Th>
              <Table.Th>{t('imports.columns.reason')}</Table.Th>
              <Table.Th>{t('imports.columns.value')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.errors.map((error) => (
              <Table.Tr key={`${error.file}:${error.line}:${error.column}:${error.reason}`}>
                <Table.Td>{error.file}</Table.Td>
                <Table.Td>{error.line ?? '—'}</Table.Td>
                <Table.Td>{error.column ?? '—'}</Table.Td>
                <Table.Td data-testid="import-error-reason">{importProblemText(t, error)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {error.value ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {more > 0 && (
        <Text size="sm" c="dimmed">
          {t('imports.moreErrors', { count: more })}
        </Text>
      )}
    </Stack>
  );
}
