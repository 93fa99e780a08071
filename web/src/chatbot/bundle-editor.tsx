import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck, IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotIssue, RevisionView, ValidationView } from '../../../common/api/chatbot.js';
import { type JsonLocation, type JsonScan, locatePath, scanJson } from '../../../common/json-locate.js';
import { isApiError } from '../api/client.js';
import { useNotify } from '../ui/notify.js';
import { IssueList, issuesOf } from './issue-list.js';
import { useSaveRevision, useValidateBundle } from './queries.js';

const CHECK_DELAY_MS = 600;

/**
 * The bot as JSON (Parley's bundle format) in a text area. While typing, the text is scanned for
 * syntax errors here and validated by the server; every issue is shown with its line, and
 * clicking it selects that place in the text. Saving makes a new revision.
 */
export function BundleEditor({ revision }: { revision: RevisionView }) {
  const { t } = useTranslation();
  const initial = useMemo(() => `${JSON.stringify(revision.bundle, null, 2)}\n`, [revision.bundle]);
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  const { scan, fresh } = useBundleCheck(text);
  const save = useSaveBundle(revision);
  const dirty = text !== initial;

  const select = (at: JsonLocation | null) => {
    const element = area.current;
    if (!at || !element) return;
    element.focus();
    const end = text.indexOf('\n', at.offset);
    element.setSelectionRange(at.offset, end === -1 ? text.length : end);
  };
  // Issues placed on their line in the text (the file is the text itself, not named).
  const placed = (issues: readonly BotIssue[]): BotIssue[] =>
    issues.map(({ file: _file, line: _line, ...issue }) => {
      const at = scan.ok ? locatePath(scan.locations, issue.path) : null;
      return at ? { ...issue, line: at.line } : issue;
    });
  const selectIssue = (issue: BotIssue) => {
    if (scan.ok) select(locatePath(scan.locations, issue.path));
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('chatbots.editor.hint', { number: revision.number })}
      </Text>
      <Textarea
        ref={area}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        autosize
        minRows={16}
        maxRows={36}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        aria-label={t('chatbots.editor.label')}
        data-testid="bundle-editor"
      />
      {!scan.ok && <SyntaxProblem scan={scan} onSelect={select} />}
      {scan.ok && fresh && <CheckResult result={fresh} placed={placed} onSelect={selectIssue} />}
      {save.issues && dirty && (
        <IssueList title={save.errorMessage} issues={placed(save.issues)} onSelect={selectIssue} />
      )}
      <Group justify="flex-end">
        <Button variant="default" disabled={!dirty} onClick={() => setText(initial)}>
          {t('chatbots.editor.reset')}
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} aria-hidden />}
          disabled={!dirty || !scan.ok || fresh?.ok === false}
          loading={save.pending}
          onClick={() => {
            if (scan.ok) save.submit(text);
          }}
          data-testid="editor-save"
        >
          {t('chatbots.editor.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The text scanned here at each change, and the server's validation of it a moment after typing
 * stops; `fresh` is that validation when it is of the text as it is now.
 */
function useBundleCheck(text: string): { scan: JsonScan; fresh: ValidationView | null } {
  const [checked, setChecked] = useState<{ text: string; result: ValidationView } | null>(null);
  const { mutate: runValidation } = useValidateBundle();
  const scan = useMemo(() => scanJson(text), [text]);

  useEffect(() => {
    if (!scan.ok) return;
    const timer = setTimeout(() => {
      runValidation(JSON.parse(text), { onSuccess: (result) => setChecked({ text, result }) });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, scan.ok, runValidation]);

  return { scan, fresh: checked?.text === text ? checked.result : null };
}

/** Saves the text as the next revision; a save over a newer revision is refused (409). */
function useSaveBundle(revision: RevisionView) {
  const { t } = useTranslation();
  const save = useSaveRevision(revision.bot_id);
  const notify = useNotify();

  const submit = (text: string) => {
    save.mutate(
      { bundle: JSON.parse(text), base_revision: revision.number },
      {
        onSuccess: (saved) => notify.success(t('chatbots.editor.saved', { number: saved.number })),
        onError: (error) => {
          if (isApiError(error, 409)) notify.error(error, t('chatbots.editor.stale'));
          else if (!issuesOf(error)) notify.error(error, t('chatbots.editor.saveFailed'));
        },
      },
    );
  };

  return {
    submit,
    pending: save.isPending,
    /** The issues of a refused save (422), if any. */
    issues: issuesOf(save.error),
    errorMessage: save.error?.message ?? '',
  };
}

function SyntaxProblem({
  scan,
  onSelect,
}: {
  scan: Extract<JsonScan, { ok: false }>;
  onSelect: (at: JsonLocation) => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('chatbots.editor.notJson')} data-testid="editor-syntax">
      <Text
        component="button"
        type="button"
        size="sm"
        onClick={() => onSelect(scan.at)}
        style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }}
      >
        {t('chatbots.editor.syntax', { ...scan.at, message: scan.message })}
      </Text>
    </Alert>
  );
}

/** The server's verdict on the text: valid, or its errors and warnings. */
function CheckResult({
  result,
  placed,
  onSelect,
}: {
  result: ValidationView;
  placed: (issues: readonly BotIssue[]) => BotIssue[];
  onSelect: (issue: BotIssue) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {result.ok && (
        <Text size="sm" c="green" data-testid="editor-valid">
          <IconCheck size={14} aria-hidden /> {t('chatbots.editor.valid')}
        </Text>
      )}
      <IssueList
        title={t('chatbots.editor.errors', { count: result.errors.length })}
        issues={placed(result.errors)}
        onSelect={onSelect}
        testId="editor-errors"
      />
      <IssueList
        title={t('chatbots.editor.warnings', { count: result.warnings.length })}
        issues={placed(result.warnings)}
        color="yellow"
        onSelect={onSelect}
      />
    </>
  );
}
