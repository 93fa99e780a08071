import { Alert, Loader, Stack, Text, Textarea } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotIssue } from '../../../common/api/chatbot.js';
import { type JsonLocation, type JsonScan, locatePath, scanJson } from '../../../common/json-locate.js';
import { ErrorState } from '../ui/error-state.js';
import { IssueList } from './issue-list.js';
import { useDraft } from './studio/draft-context.js';

function pretty(bundle: unknown): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/**
 * The expert's view of the draft: the bot as JSON (Parley's bundle format) in a text area. The
 * text is the same draft the questionnaire editor changes; while it is JSON it is saved as you
 * type, and the engine's validator (the one publishing runs) lists every issue with its line —
 * clicking one selects that place in the text.
 */
export function BundleEditor() {
  const { t } = useTranslation();
  const draft = useDraft();
  const [text, setText] = useState<string | null>(null);
  const pushed = useRef<unknown>(undefined);
  const area = useRef<HTMLTextAreaElement>(null);

  // The draft changed elsewhere (first load, a reload, publishing, discarding): show it.
  useEffect(() => {
    if (draft.bundle !== undefined && draft.bundle !== pushed.current) setText(pretty(draft.bundle));
  }, [draft.bundle]);

  const scan = useMemo(() => (text === null ? null : scanJson(text)), [text]);
  if (draft.loadError) return <ErrorState error={draft.loadError} />;
  if (text === null || scan === null) return <Loader size="sm" />;

  const change = (next: string) => {
    setText(next);
    const scanned = scanJson(next);
    if (!scanned.ok) return;
    const parsed: unknown = JSON.parse(next);
    pushed.current = parsed;
    draft.update(parsed);
  };
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
  const validation = draft.validation;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('chatbots.editor.hint')}
      </Text>
      <Textarea
        ref={area}
        value={text}
        onChange={(event) => change(event.currentTarget.value)}
        autosize
        minRows={16}
        maxRows={36}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        aria-label={t('chatbots.editor.label')}
        data-testid="bundle-editor"
      />
      {!scan.ok && <SyntaxProblem scan={scan} onSelect={select} />}
      {scan.ok && validation && (
        <>
          {validation.ok && (
            <Text size="sm" c="green" data-testid="editor-valid">
              <IconCheck size={14} aria-hidden /> {t('chatbots.editor.valid')}
            </Text>
          )}
          <IssueList
            title={t('chatbots.editor.errors', { count: validation.ok ? 0 : validation.errors.length })}
            issues={placed(validation.ok ? [] : validation.errors)}
            onSelect={selectIssue}
            testId="editor-errors"
          />
          <IssueList
            title={t('chatbots.editor.warnings', { count: validation.warnings.length })}
            issues={placed(validation.warnings)}
            color="yellow"
            onSelect={selectIssue}
          />
        </>
      )}
    </Stack>
  );
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
