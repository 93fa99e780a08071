import { Alert, Anchor, Button, Code, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload, IconEdit, IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ReportView, RunView } from '../../../common/api/reports.js';
import { isApiError } from '../api/client.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useErrorMessage } from '../ui/errors.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { ParamForm } from './param-form.js';
import { useReport, useRunReport } from './queries.js';
import { REPORTS_PATH } from './reports-page.js';
import { ResultChart } from './result-chart.js';
import { ResultTable } from './result-table.js';
import { SchedulesSection } from './schedules-section.js';

/** Field problems from a `report_params` error: `[{ field, message }]`. */
function fieldProblems(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.code !== 'report_params' || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  for (const d of error.details as { field?: string; message?: string }[]) {
    if (d.field) out[d.field] = d.message ?? '';
  }
  return out;
}

function Result({ result, view }: { result: RunView; view: 'table' | 'chart' }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" data-testid="report-summary">
        {t('reports.rowsIn', { count: result.rows.length, ms: result.duration_ms })}
        {result.truncated && ` ${t('reports.truncated', { count: result.rows.length })}`}
      </Text>
      {view === 'table' ? (
        <ResultTable columns={result.columns} rows={result.rows} />
      ) : (
        <ResultChart columns={result.columns} rows={result.rows} />
      )}
    </Stack>
  );
}

function Runner({ report }: { report: ReportView }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [searchParams, setSearchParams] = useSearchParams();
  // The form owns the values; the URL follows them (two quick edits must not race on the URL).
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(report.params.map((p) => [p.name, searchParams.get(p.name) ?? ''])),
  );
  const [view, setView] = useState<'table' | 'chart'>(
    searchParams.get('view') === 'chart' ? 'chart' : 'table',
  );
  const run = useRunReport(report.name);
  const ran = run.isSuccess;
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  useEffect(() => {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value !== '') next.set(name, value);
    if (view === 'chart') next.set('view', 'chart');
    // After a run, the link runs the report when opened (shared runs).
    if (ran) next.set('run', '1');
    setSearchParams(next, { replace: true });
  }, [values, view, ran, setSearchParams]);
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const query = new URLSearchParams(given).toString();
  // Parameters live in the URL: a shared link runs the report as its sender saw it.
  const [autoRun] = useState(() => searchParams.get('run') === '1');
  const { mutate } = run;
  const [first] = useState(given);
  useEffect(() => {
    if (autoRun) mutate(first);
  }, [autoRun, mutate, first]);
  return (
    <Stack gap="md">
      <ParamForm
        params={report.params}
        values={values}
        onChange={set}
        problems={fieldProblems(run.error)}
        searchIds={report.source_id === null}
      />
      <Group>
        <Button
          leftSection={<IconPlayerPlay size={16} aria-hidden />}
          loading={run.isPending}
          onClick={() => run.mutate(given)}
          data-testid="report-run"
        >
          {t('reports.run')}
        </Button>
        <Button
          component="a"
          variant="default"
          href={`/api/reports/${report.name}/export.csv?${query}`}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          {t('reports.exportCsv')}
        </Button>
        <Button
          component="a"
          variant="default"
          href={`/api/reports/${report.name}/export.json?${query}`}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          {t('reports.exportJson')}
        </Button>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v === 'chart' ? 'chart' : 'table')}
          data={[
            { value: 'table', label: t('reports.table') },
            { value: 'chart', label: t('reports.chart') },
          ]}
          data-testid="report-view"
        />
      </Group>
      {run.isError && (
        <Alert color="red" title={t('reports.failed')} data-testid="report-error">
          {errorMessage(run.error)}
          {isApiError(run.error) && run.error.code !== 'report_params' && (
            <Text size="sm">{run.error.message}</Text>
          )}
        </Alert>
      )}
      {run.data && <Result result={run.data} view={view} />}
    </Stack>
  );
}

/** A report: its parameters (kept in the URL), run, table or chart, exports. */
export function ReportPage() {
  const { t } = useTranslation();
  const { name } = useParams();
  const { user } = useCurrentUser();
  const query = useReport(name);
  if (!query.data) return <QueryPending query={query} />;
  const report = query.data;
  return (
    <Stack gap="lg" data-testid="report-page">
      <Anchor component={Link} to={REPORTS_PATH} size="sm">
        {t('reports.back')}
      </Anchor>
      <Group justify="space-between">
        <PageTitle>{report.title || report.name}</PageTitle>
        {user.role === 'admin' && (
          <Button
            component={Link}
            variant="default"
            to={
              report.builtin
                ? `${REPORTS_PATH}/new?copy=${report.name}`
                : `${REPORTS_PATH}/${report.name}/edit`
            }
            leftSection={<IconEdit size={16} aria-hidden />}
          >
            {report.builtin ? t('reports.copy') : t('reports.edit')}
          </Button>
        )}
      </Group>
      {report.description && <Text c="dimmed">{report.description}</Text>}
      <Text size="sm">
        <Code>{report.name}</Code>
        {report.search_path && ` · search_path: ${report.search_path}`}
      </Text>
      <Runner report={report} />
      {user.role === 'admin' && <SchedulesSection report={report} />}
    </Stack>
  );
}
