import { Anchor, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { BotImportView, BotIssue } from '../../../common/api/chatbot.js';
import { scanJson } from '../../../common/json-locate.js';
import { BOT_LIMITS } from '../../../common/limits.js';
import { FileField } from '../ui/file-field.js';
import { useNotify } from '../ui/notify.js';
import { PageTitle } from '../ui/page-title.js';
import { IssueList, issuesOf } from './issue-list.js';
import { useImportBundle, useImportPenhas } from './queries.js';

type Kind = 'penhas' | 'bundle';

/** `/chatbots/import`: upload a PenhaS bot (config + quiz_config) or a Parley bundle. */
export function ImportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('penhas');
  return (
    <Stack gap="lg" maw={760}>
      <Anchor component={Link} to="/chatbots" size="sm">
        {t('chatbots.backToList')}
      </Anchor>
      <PageTitle>{t('chatbots.import.title')}</PageTitle>
      <SegmentedControl
        value={kind}
        onChange={(value) => setKind(value as Kind)}
        data={[
          { value: 'penhas', label: t('chatbots.import.penhas') },
          { value: 'bundle', label: t('chatbots.import.bundle') },
        ]}
        data-testid="import-kind"
      />
      <Paper withBorder radius="md" p="lg">
        {kind === 'penhas' ? <PenhasForm /> : <BundleForm />}
      </Paper>
    </Stack>
  );
}

function useImported() {
  const { t } = useTranslation();
  const notify = useNotify();
  const navigate = useNavigate();
  return (view: BotImportView) => {
    notify.success(t('chatbots.import.done', { name: view.name, revision: view.revision }));
    void navigate(`/chatbots/${view.bot_id}`);
  };
}

function PenhasForm() {
  const { t } = useTranslation();
  const importPenhas = useImportPenhas();
  const imported = useImported();
  const notify = useNotify();
  const [bot, setBot] = useState('');
  const [config, setConfig] = useState<File | null>(null);
  const [quiz, setQuiz] = useState<File | null>(null);
  const [questionnaire, setQuestionnaire] = useState('');
  const [missing, setMissing] = useState(false);
  const issues = issuesOf(importPenhas.error);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (bot.trim() === '' || !config || !quiz) {
      setMissing(true);
      return;
    }
    importPenhas.mutate(
      {
        bot: bot.trim(),
        config: await config.text(),
        quiz: await quiz.text(),
        quiz_format: quiz.name.toLowerCase().endsWith('.csv') ? 'csv' : 'json',
        ...(questionnaire.trim() !== '' ? { questionnaire_id: questionnaire.trim() } : {}),
      },
      {
        onSuccess: imported,
        onError: (error) => {
          if (!issuesOf(error)) notify.error(error, t('chatbots.import.failed'));
        },
      },
    );
  };

  const required = (empty: boolean) => (missing && empty ? t('validation.required') : undefined);
  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="import-penhas-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('chatbots.import.penhasHint')}
        </Text>
        <TextInput
          label={t('chatbots.fields.name')}
          description={t('chatbots.import.nameHint')}
          withAsterisk
          maxLength={BOT_LIMITS.nameMax}
          value={bot}
          onChange={(event) => setBot(event.currentTarget.value)}
          error={required(bot.trim() === '')}
          data-testid="import-bot-name"
        />
        <FileField
          label={t('chatbots.import.configFile')}
          accept=".json,application/json"
          withAsterisk
          value={config}
          onChange={setConfig}
          error={required(!config)}
          data-testid="import-config"
        />
        <FileField
          label={t('chatbots.import.quizFile')}
          description={t('chatbots.import.quizHint')}
          accept=".csv,.json,text/csv,application/json"
          withAsterisk
          value={quiz}
          onChange={setQuiz}
          error={required(!quiz)}
          data-testid="import-quiz"
        />
        <TextInput
          label={t('chatbots.import.questionnaire')}
          description={t('chatbots.import.questionnaireHint')}
          value={questionnaire}
          onChange={(event) => setQuestionnaire(event.currentTarget.value)}
          data-testid="import-questionnaire"
        />
        {issues && (
          <IssueList
            title={importPenhas.error?.message ?? ''}
            issues={issues}
            fileNames={{ config: config?.name, quiz: quiz?.name }}
            testId="import-issues"
          />
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={importPenhas.isPending}
            leftSection={<IconFileImport size={16} aria-hidden />}
            data-testid="import-submit"
          >
            {t('chatbots.import.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BundleForm() {
  const { t } = useTranslation();
  const importBundle = useImportBundle();
  const imported = useImported();
  const notify = useNotify();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [syntax, setSyntax] = useState<BotIssue | null>(null);
  const [missing, setMissing] = useState(false);
  const issues = syntax ? [syntax] : issuesOf(importBundle.error);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSyntax(null);
    if (!file) {
      setMissing(true);
      return;
    }
    const text = await file.text();
    const scanned = scanJson(text);
    if (!scanned.ok) {
      setSyntax({
        file: 'bundle',
        line: scanned.at.line,
        path: '$',
        message: t('chatbots.editor.syntax', { ...scanned.at, message: scanned.message }),
      });
      return;
    }
    importBundle.mutate(
      { bundle: JSON.parse(text), ...(name.trim() !== '' ? { name: name.trim() } : {}) },
      {
        onSuccess: imported,
        onError: (error) => {
          if (!issuesOf(error)) notify.error(error, t('chatbots.import.failed'));
        },
      },
    );
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="import-bundle-form">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('chatbots.import.bundleHint')}
        </Text>
        <FileField
          label={t('chatbots.import.bundleFile')}
          accept=".json,application/json"
          withAsterisk
          value={file}
          onChange={setFile}
          error={missing && !file ? t('validation.required') : undefined}
          data-testid="import-bundle-file"
        />
        <TextInput
          label={t('chatbots.fields.name')}
          description={t('chatbots.import.bundleNameHint')}
          maxLength={BOT_LIMITS.nameMax}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        {issues && (
          <IssueList
            title={syntax ? t('chatbots.import.notJson') : (importBundle.error?.message ?? '')}
            issues={issues}
            fileNames={{ bundle: file?.name }}
            testId="import-issues"
          />
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={importBundle.isPending}
            leftSection={<IconFileImport size={16} aria-hidden />}
          >
            {t('chatbots.import.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
