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
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSettings } from '../../../../common/api/audit.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import { useDecimalSeparator } from './format.js';
import { SETTINGS_RANGES } from './limits.js';
import { focusFirstInvalid, type Problem, useProblemText } from './problems.js';
import { useAuditSettings, useUpdateAuditSettings } from './queries.js';
import { serverProblems } from './server-errors.js';
import {
  changedFields,
  changedSettings,
  isSettingsField,
  type NumberValue,
  parseValues,
  type SettingsProblems,
  type SettingsValues,
  toValues,
} from './settings-form.js';

/** The "Audit pool & batches" tab: every setting of AUDIT.md §2, saved as a patch of what changed. */
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
          <Title order={3} size="h4">
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

function PoolSettingsForm({ settings }: { settings: AuditSettings }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const problemText = useProblemText();
  const update = useUpdateAuditSettings();
  const formRef = useRef<HTMLFormElement>(null);
  /** The settings as loaded or last saved: what "changed" is measured against. */
  const [initial, setInitial] = useState(() => toValues(settings));
  const [values, setValues] = useState(initial);
  const [problems, setProblems] = useState<SettingsProblems>({});
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const patch = changedSettings(initial, values);
  const changedCount = changedFields(initial, values).length;
  const decimalSeparator = useDecimalSeparator();

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

  /** Props shared by the number inputs: value, limits, change handler, error and test id. */
  const numberProps = (field: keyof typeof SETTINGS_RANGES, nullable = false) => ({
    value: values[field] as NumberValue,
    onChange: (value: NumberValue) => setField(field, value),
    min: SETTINGS_RANGES[field].min,
    max: SETTINGS_RANGES[field].max,
    allowDecimal: false,
    allowNegative: false,
    placeholder: nullable ? t('auditAdmin.settings.noLimit') : undefined,
    error: problemText(problems[field]),
    maw: FIELD_WIDTH,
    'data-testid': `setting-${field}`,
  });
  const hint = (field: keyof AuditSettings) => t(`auditAdmin.settings.fields.${field}.hint`);
  const label = (field: keyof AuditSettings) => t(`auditAdmin.settings.fields.${field}.label`);

  const size = Number(values.batch_size);
  const percent = Number(values.calibration_share);
  const calibrated =
    Number.isFinite(size) && Number.isFinite(percent) && values.calibration_share !== ''
      ? Math.round((size * percent) / 100)
      : null;

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

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="audit-settings-form"
    >
      <Stack gap="lg" maw={760}>
        <Section title={t('auditAdmin.settings.sections.batches')}>
          <NumberInput
            label={label('batch_size')}
            description={hint('batch_size')}
            {...numberProps('batch_size')}
          />
          <NumberInput
            label={label('assignment_ttl_minutes')}
            description={hint('assignment_ttl_minutes')}
            {...numberProps('assignment_ttl_minutes')}
          />
          {checkbox('resume_unfinished')}
        </Section>

        <Section title={t('auditAdmin.settings.sections.calibration')}>
          <NumberInput
            label={label('calibration_share')}
            description={hint('calibration_share')}
            {...numberProps('calibration_share')}
            min={0}
            max={100}
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

        <Section
          title={t('auditAdmin.settings.sections.pool')}
          hint={t('auditAdmin.settings.sections.poolHint')}
        >
          {checkbox('pool_contact_replied')}
          <TextInput
            label={label('pool_campaign_ids')}
            description={hint('pool_campaign_ids')}
            placeholder={t('auditAdmin.settings.allCampaigns')}
            value={values.pool_campaign_ids}
            onChange={(event) => setField('pool_campaign_ids', event.currentTarget.value)}
            error={problemText(problems.pool_campaign_ids)}
            inputMode="numeric"
            autoComplete="off"
            maw={FIELD_WIDTH}
            data-testid="setting-pool_campaign_ids"
          />
          <NumberInput
            label={label('pool_since_days')}
            description={hint('pool_since_days')}
            {...numberProps('pool_since_days', true)}
          />
          <NumberInput
            label={label('pool_min_messages')}
            description={hint('pool_min_messages')}
            {...numberProps('pool_min_messages')}
          />
        </Section>

        <Section title={t('auditAdmin.settings.sections.retention')}>
          <NumberInput
            label={label('pool_retention_days')}
            description={hint('pool_retention_days')}
            {...numberProps('pool_retention_days', true)}
          />
          <NumberInput
            label={label('data_retention_days')}
            description={hint('data_retention_days')}
            {...numberProps('data_retention_days', true)}
          />
        </Section>

        {formProblem && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="audit-settings-error">
            {formProblem}
          </Alert>
        )}

        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="audit-settings-changes">
            {changedCount === 0
              ? t('auditAdmin.settings.unchanged')
              : t('auditAdmin.settings.changed', { count: changedCount })}
          </Text>
          <Group gap="sm">
            <Button
              variant="default"
              disabled={changedCount === 0 || update.isPending}
              onClick={() => reset(initial)}
              data-testid="audit-settings-reset"
            >
              {t('auditAdmin.discard')}
            </Button>
            <Button
              type="submit"
              disabled={changedCount === 0}
              loading={update.isPending}
              data-testid="audit-settings-save"
            >
              {t('auditAdmin.settings.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
