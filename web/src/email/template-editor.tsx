import { Alert, Button, Code, Group, List, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KindTemplates, PreviewView, TemplateProblem } from '../../../common/api/email.js';
import { useNotify } from '../ui/notify.js';
import { MailFrame } from './mail-frame.js';
import { usePreviewTemplate, useSaveTemplate } from './queries.js';
import { problemText, templateProblemsOf } from './template-problems.js';

interface Draft {
  id: number | null;
  name: string;
  is_default: boolean;
  subject: string;
  html: string;
  text: string;
}

const NEW = 'new';

function draftOf(data: KindTemplates, id: number | null): Draft {
  const saved =
    data.templates.find((row) => row.id === id) ?? (data.multiple ? undefined : data.templates[0]);
  if (saved) return { ...saved };
  return { id: null, name: '', is_default: data.templates.length === 0, ...data.defaults };
}

function Problems({ problems }: { problems: TemplateProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle aria-hidden />}
      title={t('apiErrors.invalid_email_template', { count: problems.length })}
      data-testid="template-problems"
    >
      <List size="sm">
        {problems.map((problem) => (
          <List.Item key={`${problem.part}:${problem.line}:${problem.column}:${problem.detail}`}>
            {problemText(t, problem)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function TemplateFields({
  draft,
  set,
  multiple,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  multiple: boolean;
}) {
  const { t } = useTranslation();
  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };
  return (
    <>
      {multiple && (
        <Group align="end">
          <TextInput
            label={t('email.templates.name')}
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            required
            w={360}
          />
          <Switch
            label={t('email.templates.isDefault')}
            checked={draft.is_default}
            onChange={(e) => set({ is_default: e.currentTarget.checked })}
          />
        </Group>
      )}
      <TextInput
        label={t('email.templates.parts.subject')}
        value={draft.subject}
        onChange={(e) => set({ subject: e.currentTarget.value })}
        styles={mono}
        data-testid="template-subject"
      />
      <Textarea
        label={t('email.templates.parts.html')}
        value={draft.html}
        onChange={(e) => set({ html: e.currentTarget.value })}
        autosize
        minRows={8}
        maxRows={30}
        styles={mono}
        data-testid="template-html"
      />
      <Textarea
        label={t('email.templates.parts.text')}
        description={t('email.templates.textHint')}
        value={draft.text}
        onChange={(e) => set({ text: e.currentTarget.value })}
        autosize
        minRows={3}
        maxRows={20}
        styles={mono}
        data-testid="template-text"
      />
    </>
  );
}

function TemplatePicker({
  data,
  selected,
  onChoose,
}: {
  data: KindTemplates;
  selected: number | null;
  onChoose: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('email.templates.template')}
      data={[
        ...data.templates.map((row) => ({ value: String(row.id), label: row.name })),
        { value: NEW, label: t('email.templates.new') },
      ]}
      value={selected === null ? NEW : String(selected)}
      onChange={onChoose}
      allowDeselect={false}
      w={360}
    />
  );
}

function SampleVariables({ sample }: { sample: unknown }) {
  const { t } = useTranslation();
  return (
    <details>
      <summary>{t('email.templates.variables')}</summary>
      <Code block>{JSON.stringify(sample, null, 2)}</Code>
    </details>
  );
}

/** Edits one template of a kind in one language; the server checks it strictly on preview and save. */
export function TemplateEditor({ data }: { data: KindTemplates }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [selected, setSelected] = useState<number | null>(
    data.templates.find((row) => row.is_default)?.id ?? data.templates[0]?.id ?? null,
  );
  const [draft, setDraft] = useState<Draft>(() => draftOf(data, selected));
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [preview, setPreview] = useState<PreviewView['rendered']>(null);
  const previewMutation = usePreviewTemplate(data.kind, data.locale);
  const save = useSaveTemplate(data.kind, data.locale);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const body = {
    subject: draft.subject,
    html: draft.html,
    text: draft.text,
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    is_default: draft.is_default,
  };
  const onError = (error: unknown) => {
    const found = templateProblemsOf(error);
    if (found) setProblems(found);
    else notify.error(error);
  };
  const onSaved = () => {
    setProblems([]);
    notify.success(t('email.templates.savedDone'));
  };
  const choose = (value: string | null) => {
    const id = value === NEW || value === null ? null : Number(value);
    setSelected(id);
    setDraft(draftOf(data, id));
    setProblems([]);
    setPreview(null);
  };
  return (
    <Stack gap="sm" data-testid="template-editor">
      {data.multiple && <TemplatePicker data={data} selected={selected} onChoose={choose} />}
      <TemplateFields draft={draft} set={set} multiple={data.multiple} />
      <Problems problems={problems} />
      <Group>
        <Button
          variant="default"
          loading={previewMutation.isPending}
          data-testid="template-preview"
          onClick={() =>
            previewMutation.mutate(body, {
              onSuccess: (view) => {
                setProblems(view.problems);
                setPreview(view.rendered);
              },
              onError,
            })
          }
        >
          {t('email.templates.preview')}
        </Button>
        <Button
          loading={save.create.isPending || save.update.isPending}
          data-testid="template-save"
          onClick={() =>
            draft.id === null
              ? save.create.mutate(body, {
                  onSuccess: ({ id }) => {
                    set({ id });
                    setSelected(id);
                    onSaved();
                  },
                  onError,
                })
              : save.update.mutate({ id: draft.id, body }, { onSuccess: onSaved, onError })
          }
        >
          {t('common.save')}
        </Button>
        {draft.id !== null && (
          <Button
            color="red"
            variant="subtle"
            loading={save.remove.isPending}
            data-testid="template-reset"
            onClick={() =>
              save.remove.mutate(draft.id!, {
                onSuccess: () => {
                  notify.success(t('email.templates.resetDone'));
                  choose(null);
                },
                onError,
              })
            }
          >
            {data.multiple ? t('email.templates.delete') : t('email.templates.reset')}
          </Button>
        )}
      </Group>
      <SampleVariables sample={data.sample} />
      {preview && (
        <MailFrame
          subject={preview.subject}
          html={preview.html}
          text={preview.text}
          testId="template-preview-frame"
        />
      )}
    </Stack>
  );
}
