import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ReportView,
  SCHEDULE_KINDS,
  SCHEDULE_LIMITS,
  type ScheduleBody,
  type ScheduleKind,
  type ScheduleView,
  type StaffMemberView,
} from '../../../common/api/reports.js';
import { isApiError } from '../api/client.js';
import { useErrorMessage } from '../ui/errors.js';
import { useNotify } from '../ui/notify.js';
import { ParamForm } from './param-form.js';
import { useSaveSchedule } from './schedules-queries.js';

/** The browser's time zone: what a new schedule's cron is most likely meant in. */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...all])];
}

interface Values {
  cron: string;
  timeZone: string;
  kind: ScheduleKind;
  changePercent: number | '';
  recipients: string[];
  params: Record<string, string>;
  enabled: boolean;
}

function initialValues(report: ReportView, schedule: ScheduleView | null): Values {
  const given = schedule?.params ?? {};
  return {
    cron: schedule?.cron ?? '0 7 * * *',
    timeZone: schedule?.time_zone ?? browserTimeZone(),
    kind: schedule?.kind ?? 'email',
    changePercent: schedule?.change_percent ?? '',
    recipients: schedule?.recipients.map((r) => String(r.id)) ?? [],
    params: Object.fromEntries(
      report.params.map((p) => {
        const value = given[p.name];
        return [
          p.name,
          value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value),
        ];
      }),
    ),
    enabled: schedule?.enabled ?? true,
  };
}

function bodyOf(values: Values): ScheduleBody {
  return {
    cron: values.cron.trim(),
    time_zone: values.timeZone,
    kind: values.kind,
    change_percent:
      values.kind === 'alert_when_change' && values.changePercent !== '' ? values.changePercent : null,
    // Empty fields take the report's defaults when it runs.
    params: Object.fromEntries(Object.entries(values.params).filter(([, v]) => v !== '')),
    recipients: values.recipients.map(Number),
    enabled: values.enabled,
  };
}

interface Problem {
  field?: string;
  problem?: string;
  part?: string;
  value?: string;
  min?: number;
  max?: number;
  message?: string;
  user_id?: number;
}

/** A `report_schedule_invalid` reply as messages by field (`cron`, `params.n`, `recipients`…). */
function problemsByField(
  t: TFunction,
  error: unknown,
  candidates: readonly StaffMemberView[],
): Record<string, string> {
  if (!isApiError(error) || error.code !== 'report_schedule_invalid' || !Array.isArray(error.details))
    return {};
  const out: Record<string, string> = {};
  for (const p of error.details as Problem[]) {
    if (!p.field || !p.problem) continue;
    const field = p.field.startsWith('recipients.') ? 'recipients' : p.field;
    const name = candidates.find((c) => c.id === p.user_id)?.name ?? `#${p.user_id ?? ''}`;
    const part = p.part ? t(`reportSchedules.parts.${p.part}` as 'reportSchedules.parts.minute') : '';
    const text = t(`reportSchedules.problems.${p.problem}` as 'reportSchedules.problems.param', {
      ...p,
      part,
      name,
      defaultValue: p.message ?? p.problem,
    });
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}

interface FormProps {
  report: ReportView;
  schedule: ScheduleView | null;
  candidates: readonly StaffMemberView[];
  onDone: () => void;
}

/** Adds or changes a schedule; the server checks everything and names each field at fault. */
export function ScheduleForm({ report, schedule, candidates, onDone }: FormProps) {
  const { t } = useTranslation();
  const notify = useNotify();
  const errorMessage = useErrorMessage();
  const save = useSaveSchedule(report.name, schedule?.id ?? null);
  const [values, setValues] = useState(() => initialValues(report, schedule));
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const problems = problemsByField(t, save.error, candidates);
  const paramProblems = Object.fromEntries(
    Object.entries(problems)
      .filter(([field]) => field.startsWith('params.'))
      .map(([field, text]) => [field.slice('params.'.length), text]),
  );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate(bodyOf(values), {
      onSuccess: () => {
        notify.success(t('reportSchedules.saved'));
        onDone();
      },
    });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="schedule-form">
      <Stack gap="md">
        {save.isError && (
          <Alert color="red" role="alert" data-testid="schedule-form-error">
            {errorMessage(save.error)}
          </Alert>
        )}
        <WhenFields values={values} set={set} problems={problems} />
        <WhatFields values={values} set={set} problems={problems} candidates={candidates} />
        {report.params.length > 0 && (
          <Stack gap={4}>
            <Text fw={500} size="sm">
              {t('reportSchedules.fields.params')}
            </Text>
            <ParamForm
              params={report.params}
              values={values.params}
              onChange={(name, value) => set('params', { ...values.params, [name]: value })}
              problems={paramProblems}
              searchIds={report.source_id === null}
            />
          </Stack>
        )}
        <Switch
          label={t('reportSchedules.fields.enabled')}
          checked={values.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
          data-testid="schedule-enabled"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="schedule-save">
            {t('reportSchedules.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface FieldsProps {
  values: Values;
  set: <K extends keyof Values>(key: K, value: Values[K]) => void;
  problems: Record<string, string>;
}

function WhenFields({ values, set, problems }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <Group grow align="flex-start">
      <TextInput
        label={t('reportSchedules.fields.cron')}
        description={t('reportSchedules.fields.cronHelp')}
        value={values.cron}
        maxLength={SCHEDULE_LIMITS.cron}
        onChange={(e) => set('cron', e.currentTarget.value)}
        error={problems.cron}
        required
        data-autofocus
        data-testid="schedule-cron"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <Select
        label={t('reportSchedules.fields.timeZone')}
        data={timeZones(values.timeZone)}
        value={values.timeZone}
        onChange={(v) => set('timeZone', v ?? 'UTC')}
        searchable
        allowDeselect={false}
        error={problems.time_zone}
        data-testid="schedule-time-zone"
      />
    </Group>
  );
}

function WhatFields({
  values,
  set,
  problems,
  candidates,
}: FieldsProps & { candidates: readonly StaffMemberView[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('reportSchedules.fields.kind')}
        data={SCHEDULE_KINDS.map((kind) => ({
          value: kind,
          label: t(`reportSchedules.kindOptions.${kind}`),
        }))}
        value={values.kind}
        onChange={(v) => set('kind', (v as ScheduleKind | null) ?? 'email')}
        allowDeselect={false}
        data-testid="schedule-kind"
      />
      {values.kind === 'alert_when_change' && (
        <NumberInput
          label={t('reportSchedules.fields.changePercent')}
          description={t('reportSchedules.fields.changePercentHelp')}
          value={values.changePercent}
          min={0.01}
          max={SCHEDULE_LIMITS.changePercent.max}
          decimalScale={2}
          onChange={(v) => set('changePercent', typeof v === 'number' ? v : '')}
          error={problems.change_percent}
          required
          data-testid="schedule-change-percent"
        />
      )}
      <MultiSelect
        label={t('reportSchedules.fields.recipients')}
        description={t('reportSchedules.fields.recipientsHelp')}
        data={candidates.map((c) => ({ value: String(c.id), label: `${c.name || c.email} <${c.email}>` }))}
        value={values.recipients}
        onChange={(v) => set('recipients', v)}
        maxValues={SCHEDULE_LIMITS.recipients}
        searchable
        required
        error={problems.recipients}
        data-testid="schedule-recipients"
      />
    </>
  );
}
