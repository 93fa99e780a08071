import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FeedbackPreviewBody } from '../../../../common/api/feedback.js';
import { LANGUAGES } from '../../../../common/languages.js';
import { useFeedbackTemplates } from './queries.js';

export interface ComposeValues {
  /** `default:<locale>` or `id:<template id>`. */
  template: string;
  from: string;
  to: string;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last seven days, today included. */
export function defaultComposeValues(today = new Date()): ComposeValues {
  const from = new Date(today.getTime() - 6 * 86_400_000);
  return { template: 'default:en', from: isoDay(from), to: isoDay(today) };
}

/** The request body a choice of template and period stands for. */
export function composeBody(values: ComposeValues): FeedbackPreviewBody {
  const [kind, value = ''] = values.template.split(':');
  const choice =
    kind === 'id'
      ? { template_id: Number(value) }
      : { locale: LANGUAGES.find((l) => l.code === value)?.code ?? 'en' };
  return { from: values.from, to: values.to, ...choice };
}

interface ComposeFormProps {
  values: ComposeValues;
  onChange: (values: ComposeValues) => void;
  onPreview: () => void;
  previewing: boolean;
}

/** Template and period; "Preview" renders every texter's e-mail. */
export function ComposeForm({ values, onChange, onPreview, previewing }: ComposeFormProps) {
  const { t } = useTranslation();
  const templates = useFeedbackTemplates();
  const options = [
    ...LANGUAGES.map((l) => ({
      value: `default:${l.code}`,
      label: t('feedback.compose.defaultTemplate', { language: l.label }),
    })),
    ...(templates.data?.items ?? []).map((tpl) => ({
      value: `id:${tpl.id}`,
      label: `${tpl.name} (${tpl.locale})`,
    })),
  ];
  const badPeriod = values.from !== '' && values.to !== '' && values.to < values.from;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!badPeriod) onPreview();
      }}
      data-testid="feedback-compose-form"
    >
      <Group align="flex-end" gap="md">
        <Select
          label={t('feedback.compose.template')}
          data={options}
          value={values.template}
          onChange={(template) => template && onChange({ ...values, template })}
          allowDeselect={false}
          w={280}
          data-testid="feedback-template"
        />
        <TextInput
          type="date"
          label={t('feedback.compose.from')}
          value={values.from}
          required
          onChange={(event) => onChange({ ...values, from: event.currentTarget.value })}
          data-testid="feedback-from"
        />
        <TextInput
          type="date"
          label={t('feedback.compose.to')}
          value={values.to}
          required
          error={badPeriod ? t('apiErrors.bad_period') : undefined}
          onChange={(event) => onChange({ ...values, to: event.currentTarget.value })}
          data-testid="feedback-to"
        />
        <Button
          type="submit"
          loading={previewing}
          leftSection={<IconEye size={16} aria-hidden />}
          data-testid="feedback-preview"
        >
          {t('feedback.compose.preview')}
        </Button>
      </Group>
    </form>
  );
}
