import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSettings } from '../../../../common/api/audit.js';
import { AUDIT_SETTINGS_RANGES, type NumberRange } from '../../../../common/limits.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import { useDecimalSeparator } from './format.js';
import { focusFirstInvalid, type Problem, useProblemText } from './problems.js';
import { useAuditSettings, useUpdateAuditSettings } from './queries.js';
import { serverProblems } from './server-errors.js';
import {
  changedFields,
  changedSettings,
  type IntegerSetting,
  isSettingsField,
  type NumberValue,
  parseValues,
  type SettingsProblems,
  type SettingsValues,
  SHARE_PERCENT_RANGE,
  toValues,
} from './settings-form.js';

/** The "Audit pool & batches" tab: every setting of the pool and batches (docs/audit.md), saved as a patch of what changed. */
export function PoolSettingsTab() {
  const settings = useAuditSettings();
  if (settings.data) return <PoolSettingsForm settings={settings.data} />;
  return <QueryPending query={settings} />;
}

/** Wide enough for the help texts under the labels to read as sentences. */
const FIELD_WIDTH = 520;

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {hint && (
            <Text size="sm" c="dimmed" mt={4}>
              {hint}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/** The form's state: values as typed, what changed since the last load or save, and the problems found. */
function usePoolSettingsForm(settings: AuditSettings, formRef: RefObject<HTMLFormElement | null>) {
  const { t } = useTranslation();
  const notify = useNotify();
  const update = useUpdateAuditSettings();
  /** The settings as loaded or last saved: what "changed" is measured against. */
  const [initial, setInitial] = useState(() => toValues(settings));
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<SettingsProblems>({});
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const patch = changedSettings(initial, values);
  const changedCount = changedFields(initial, values).length;

  // Settings that changed on the server (saved elsewhere, refetched) replace an untouched form.
  const [seen, setSeen] = useState(settings);
  if (seen !== settings) {
    setSeen(settings);
    if (changedCount === 0) {
      setInitial(toValues(settings));
      setValues(toValues(settings));
    }
  }

  const setField = <K extends keyof SettingsValues>(field: K, value: SettingsValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setProblems((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };

  const reset = (to: SettingsValues) => {
    setInitial(to);
    setValues(to);
    setProblems({});
    setFormProblem(null);
  };

  const submit = () => {
    const found = parseValues(values).problems;
    setProblems(found);
    setFormProblem(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(formRef.current);
      return;
    }
    if (Object.keys(patch).length === 0) return;
    update.mutate(patch, {
      onSuccess: (saved) => {
        reset(toValues(saved));
        notify.success(t('auditAdmin.settings.saved'));
      },
      onError: (error) => {
        const fromServer: SettingsProblems = {};
        const other: string[] = [];
        for (const { path, message } of serverProblems(error)) {
          const field = path[0];
          if (isSettingsField(field)) fromServer[field] ??= { code: 'server', message };
          else other.push(message);
        }
        setProblems(fromServer);
        focusFirstInvalid(formRef.current);
        if (other.length > 0) setFormProblem(other.join(' '));
        notify.error(error, t('auditAdmin.settings.saveFailed'));
      },
    });
  };

  return {
    values,
    problems,
    formProblem,
    changedCount,
    saving: update.isPending,
    setField,
    discard: () => reset(initial),
    submit,
  };
}

type SettingsForm = ReturnType<typeof usePoolSettingsForm>;

/** Labels, hints and the props every input of a setting shares (value, limits, change handler, error, test id). */
function useSettingFields({ values, problems, setField }: SettingsForm) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const hint = (field: keyof AuditSettings) => t(`auditAdmin.settings.fields.${field}.hint`);
  const label = (field: keyof AuditSettings) => t(`auditAdmin.settings.fields.${field}.label`);

  const numberInput = (field: IntegerSetting, nullable = false) => {
    const range: NumberRange = AUDIT_SETTINGS_RANGES[field];
    return (
      <NumberInput
        label={label(field)}
        description={hint(field)}
        value={values[field]}
        onChange={(value: NumberValue) => setField(field, value)}
        min={range.min}
        max={range.max}
        allowDecimal={false}
        allowNegative={false}
        placeholder={nullable ? t('auditAdmin.settings.noLimit') : undefined}
        error={problemText(problems[field])}
        maw={FIELD_WIDTH}
        data-testid={`setting-${field}`}
      />
    );
  };

  const checkbox = (field: 'resume_unfinished' | 'pool_contact_replied') => (
    <Switch
      label={label(field)}
      description={hint(field)}
      checked={values[field]}
      onChange={(event) => setField(field, event.currentTarget.checked)}
      error={problemText(problems[field] as Problem | undefined)}
      data-testid={`setting-${field}`}
    />
  );

  return { hint, label, numberInput, checkbox, problemText };
}

function PoolSettingsForm({ settings }: { settings: AuditSettings }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const form = usePoolSettingsForm(settings, formRef);
  const fields = useSettingFields(form);
  const { numberInput, checkbox } = fields;

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        form.submit();
      }}
      data-testid="audit-settings-form"
    >
      <Stack gap="lg" maw={760}>
        <Section title={t('auditAdmin.settings.sections.batches')}>
          {numberInput('batch_size')}
          {numberInput('assignment_ttl_minutes')}
          {checkbox('resume_unfinished')}
        </Section>

        <CalibrationSection form={form} fields={fields} />

        <Section
          title={t('auditAdmin.settings.sections.pool')}
          hint={t('auditAdmin.settings.sections.poolHint')}
        >
          {checkbox('pool_contact_replied')}
          <CampaignIdsInput form={form} fields={fields} />
          {numberInput('pool_since_days', true)}
          {numberInput('pool_min_messages')}
        </Section>

        <Section title={t('auditAdmin.settings.sections.retention')}>
          {numberInput('pool_retention_days', true)}
          {numberInput('data_retention_days', true)}
        </Section>

        {form.formProblem && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="audit-settings-error">
            {form.formProblem}
          </Alert>
        )}

        <SettingsFooter form={form} />
      </Stack>
    </form>
  );
}

interface FieldSectionProps {
  form: SettingsForm;
  fields: ReturnType<typeof useSettingFields>;
}

/** The calibration share, typed as a percentage, with what it means for a batch of the size set above. */
function CalibrationSection({ form: { values, problems, setField }, fields }: FieldSectionProps) {
  const { t } = useTranslation();
  const decimalSeparator = useDecimalSeparator();
  const size = Number(values.batch_size);
  const percent = Number(values.calibration_share);
  const calibrated =
    Number.isFinite(size) && Number.isFinite(percent) && values.calibration_share !== ''
      ? Math.round((size * percent) / 100)
      : null;

  return (
    <Section title={t('auditAdmin.settings.sections.calibration')}>
      <NumberInput
        label={fields.label('calibration_share')}
        description={fields.hint('calibration_share')}
        value={values.calibration_share}
        onChange={(value: NumberValue) => setField('calibration_share', value)}
        min={SHARE_PERCENT_RANGE.min}
        max={SHARE_PERCENT_RANGE.max}
        allowNegative={false}
        error={fields.problemText(problems.calibration_share)}
        maw={FIELD_WIDTH}
        allowDecimal
        decimalScale={2}
        decimalSeparator={decimalSeparator}
        suffix=" %"
        data-testid="setting-calibration_share"
      />
      {calibrated !== null && (
        <Text size="sm" c="dimmed" data-testid="calibration-example">
          {calibrated === 0
            ? t('auditAdmin.settings.calibrationOff')
            : t('auditAdmin.settings.calibrationExample', { count: calibrated, size })}
        </Text>
      )}
    </Section>
  );
}

function CampaignIdsInput({ form: { values, problems, setField }, fields }: FieldSectionProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={fields.label('pool_campaign_ids')}
      description={fields.hint('pool_campaign_ids')}
      placeholder={t('auditAdmin.settings.allCampaigns')}
      value={values.pool_campaign_ids}
      onChange={(event) => setField('pool_campaign_ids', event.currentTarget.value)}
      error={fields.problemText(problems.pool_campaign_ids)}
      inputMode="numeric"
      autoComplete="off"
      maw={FIELD_WIDTH}
      data-testid="setting-pool_campaign_ids"
    />
  );
}

/** How many settings changed, and the buttons to discard or save them. */
function SettingsFooter({ form }: { form: SettingsForm }) {
  const { t } = useTranslation();
  const { changedCount, saving } = form;
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid="audit-settings-changes">
        {changedCount === 0
          ? t('auditAdmin.settings.unchanged')
          : t('auditAdmin.settings.changed', { count: changedCount })}
      </Text>
      <Group gap="sm">
        <Button
          variant="default"
          disabled={changedCount === 0 || saving}
          onClick={form.discard}
          data-testid="audit-settings-reset"
        >
          {t('auditAdmin.discard')}
        </Button>
        <Button
          type="submit"
          disabled={changedCount === 0}
          loading={saving}
          data-testid="audit-settings-save"
        >
          {t('auditAdmin.settings.save')}
        </Button>
      </Group>
    </Group>
  );
}
