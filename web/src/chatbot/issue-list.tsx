import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BotIssue } from '../../../common/api/chatbot.js';
import { isApiError } from '../api/client.js';
import { issueText } from './issue-text.js';

/** The issues of a refused import or save (`details` of a 422 `invalid_bot`), or null. */
export function issuesOf(error: unknown): BotIssue[] | null {
  if (!isApiError(error, 422) || error.code !== 'invalid_bot' || !Array.isArray(error.details)) return null;
  return error.details as BotIssue[];
}

interface IssueListProps {
  title: string;
  issues: readonly BotIssue[];
  color?: 'red' | 'yellow';
  /** Names of the uploaded files, shown instead of `config` / `quiz` / `bundle`. */
  fileNames?: Partial<Record<NonNullable<BotIssue['file']>, string>>;
  onSelect?: (issue: BotIssue) => void;
  testId?: string;
}

/** Every problem, each with where it is: file and line, then the JSON path. Text only. */
export function IssueList({
  title,
  issues,
  color = 'red',
  fileNames = {},
  onSelect,
  testId,
}: IssueListProps) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <Alert color={color} icon={<IconAlertTriangle />} title={title} data-testid={testId}>
      <List size="sm" spacing={4}>
        {issues.map((issue, i) => {
          const file = issue.file ? (fileNames[issue.file] ?? issue.file) : null;
          const where = [
            file,
            issue.line !== undefined ? t('chatbots.issues.line', { line: issue.line }) : null,
          ]
            .filter(Boolean)
            .join(' ');
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
            <List.Item key={i} data-testid="issue">
              <Text
                component={onSelect ? 'button' : 'span'}
                type={onSelect ? 'button' : undefined}
                size="sm"
                onClick={onSelect ? () => onSelect(issue) : undefined}
                style={
                  onSelect
                    ? { background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }
                    : undefined
                }
              >
                {where !== '' && <Text span fw={600}>{`${where}: `}</Text>}
                <Text span ff="monospace">
                  {issue.path}
                </Text>
                {` — ${issueText(t, issue)}`}
              </Text>
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
