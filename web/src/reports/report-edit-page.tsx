import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { CheckView, ReportBody, ReportView } from '../../../common/api/reports.js';
import { isApiError } from '../api/client.js';
import { useErrorMessage } from '../ui/errors.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { QueryPending } from '../ui/query-pending.js';
import { checkReportSql, useReport, useSaveReport, useSourceSchema, useSources } from './queries.js';
import { REPORTS_PATH } from './reports-page.js';
import { SqlEditor } from './sql-editor.js';

const EMPTY: ReportBody = {
  name: '',
  title: '',
  description: '',
  body: '-- [params]\n-- date :start_date\n\nSELECT :start_date AS day\n',
  run_roles: [],
};

function fromReport(r: ReportView, copy: boolean): ReportBody {
  return {
    name: copy ? `${r.name}-copy` : r.name,
    title: copy ? `${r.title} (copy)` : r.title,
    description: r.description,
    body: r.body,
    source_id: r.source_id,
    search_path: r.search_path,
    timeout_seconds: r.timeout_seconds,
    run_roles: r.run_roles.filter((x): x is 'auditor' | 'moderator' => x === 'auditor' || x === 'moderator'),
  };
}

/** Live header check: parameters found and every problem by line, a moment after typing stops. */
function useCheck(body: string): CheckView | null {
  const [check, setCheck] = useState<CheckView | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      checkReportSql(body).then(setCheck, () => setCheck(null));
    }, 300);
    return () => clearTimeout(timer);
  }, [body]);
  return check;
}

function Problems({ check, saveError }: { check: CheckView | null; saveError: unknown }) {
  const { t } = useTranslation();
  const saved =
    isApiError(saveError) && Array.isArray(saveError.details)
      ? (saveError.details as { line?: number; message?: string }[])
      : [];
  const problems = check?.problems.length ? check.problems : saved.filter((p) => p.line !== undefined);
  if (problems.length === 0) {
    return check ? (
      <Text size="sm" c="dimmed" data-testid="report-check">
        {t('reports.paramsFound', {
          count: check.params.length,
          names: check.params.map((p) => p.name).join(', ') || '—',
        })}
      </Text>
    ) : null;
  }
  return (
    <Alert color="red" title={t('reports.problems')} data-testid="report-problems">
      <List size="sm">
        {problems.map((p) => (
          <List.Item key={`${p.line}-${p.message}`}>
            {t('reports.problemLine', { line: p.line, message: p.message })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Where the report runs (Parley's database or a registered source) and its schema search path. */
function SourceFields({
  sourceId,
  searchPath,
  onSource,
  onSearchPath,
}: {
  sourceId: number | null;
  searchPath: string | null;
  onSource: (id: number | null) => void;
  onSearchPath: (path: string | null) => void;
}) {
  const { t } = useTranslation();
  const sources = useSources();
  const schema = useSourceSchema(sourceId);
  const errorMessage = useErrorMessage();
  const data = [
    { value: OWN_DATABASE, label: t('reports.sources.own') },
    ...(sources.data?.sources ?? []).map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <Group grow align="flex-start">
      <Select
        label={t('reports.sources.picker')}
        description={
          schema.isError
            ? t('reports.sources.schemaFailed', { message: errorMessage(schema.error) })
            : t('reports.sources.pickerHelp')
        }
        data={data}
        value={sourceId === null ? OWN_DATABASE : String(sourceId)}
        onChange={(v) => onSource(v === null || v === OWN_DATABASE ? null : Number(v))}
        allowDeselect={false}
        data-testid="report-source"
      />
      <TextInput
        label={t('reports.searchPath')}
        description={t('reports.searchPathHelp')}
        value={searchPath ?? ''}
        onChange={(e) =>
          onSearchPath(e.currentTarget.value.trim() === '' ? null : e.currentTarget.value.trim())
        }
        data-testid="report-search-path"
      />
    </Group>
  );
}

const OWN_DATABASE = 'parley';

function Editor({ initial, original }: { initial: ReportBody; original: string | null }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const navigate = useNavigate();
  const [form, setForm] = useState<ReportBody>(initial);
  const schema = useSourceSchema(form.source_id ?? null);
  const tables = useMemo(() => schema.data?.tables ?? {}, [schema.data]);
  // Tables of the search path's first schema complete without their schema's name.
  const defaultSchema = form.search_path?.split(',')[0]?.trim() || undefined;
  const check = useCheck(form.body);
  const save = useSaveReport(original);
  const set = <K extends keyof ReportBody>(key: K, value: ReportBody[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = () =>
    save.mutate(form, {
      onSuccess: (r) => {
        notify.success(t('reports.saved'));
        navigate(`${REPORTS_PATH}/${r.name}`);
      },
      onError: (error) => notify.error(error),
    });
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <TextInput
          label={t('reports.columns.name')}
          required
          value={form.name}
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        <TextInput
          label={t('reports.columns.title')}
          required
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
      </Group>
      <Textarea
        label={t('reports.columns.description')}
        value={form.description ?? ''}
        onChange={(e) => set('description', e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <SqlEditor
        label={t('reports.sql')}
        value={form.body}
        onChange={(v) => set('body', v)}
        tables={tables}
        defaultSchema={defaultSchema}
      />
      <Problems check={check} saveError={save.error} />
      <SourceFields
        sourceId={form.source_id ?? null}
        searchPath={form.search_path ?? null}
        onSource={(id) => set('source_id', id)}
        onSearchPath={(path) => set('search_path', path)}
      />
      <Group grow align="flex-start">
        <NumberInput
          label={t('reports.timeout')}
          min={1}
          max={86400}
          value={form.timeout_seconds ?? ''}
          onChange={(v) => set('timeout_seconds', typeof v === 'number' ? v : null)}
        />
        <MultiSelect
          label={t('reports.runRoles')}
          data={[
            { value: 'moderator', label: t('roles.moderator') },
            { value: 'auditor', label: t('roles.auditor') },
          ]}
          value={form.run_roles ?? []}
          onChange={(v) =>
            set(
              'run_roles',
              v.filter((x): x is 'auditor' | 'moderator' => x === 'auditor' || x === 'moderator'),
            )
          }
        />
      </Group>
      <Group>
        <Button onClick={submit} loading={save.isPending} data-testid="report-save">
          {t('reports.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Writing a report (admins): SQL with highlighting and completion, the header checked as you type. */
export function ReportEditPage() {
  const { t } = useTranslation();
  const { name } = useParams();
  const [searchParams] = useSearchParams();
  const source = name ?? searchParams.get('copy') ?? undefined;
  const query = useReport(source);
  if (source !== undefined && !query.data) return <QueryPending query={query} />;
  const initial = query.data ? fromReport(query.data, name === undefined) : EMPTY;
  return (
    <Stack gap="lg" data-testid="report-edit-page">
      <Anchor component={Link} to={REPORTS_PATH} size="sm">
        {t('reports.back')}
      </Anchor>
      <PageTitle>{name ? t('reports.editTitle', { name }) : t('reports.new')}</PageTitle>
      <Editor initial={initial} original={name ?? null} />
    </Stack>
  );
}
