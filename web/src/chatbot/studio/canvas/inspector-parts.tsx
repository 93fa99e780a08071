import { Alert, Badge, Box, List, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../../issue-text.js';
import type { Issue } from '../engine.js';
import type { StepNumbers } from './flow-graph.js';

/** The validator's issues on one box, each with its JSON path. */
export function BoxIssues({ issues, title }: { issues: readonly Issue[]; title?: string }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle />}
      title={title ?? t('chatbots.flow.problems', { count: issues.length })}
      data-testid="inspector-issues"
    >
      <List size="xs" spacing={2}>
        {issues.map((issue, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
          <List.Item key={i} data-testid="inspector-issue">
            <Text span size="xs" ff="monospace">
              {issue.path}
            </Text>
            {` — ${issueText(t, issue)}`}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

export interface NumbersRow extends StepNumbers {
  readonly code: string;
  readonly biggest: boolean;
}

const COLUMNS = ['reached', 'went_on', 'gave_up', 'timed_out', 'still_there'] as const;

/** Drop-off numbers of steps: reached = went on + gave up + timed out + still there. */
export function StepNumbersTable({ rows, caption }: { rows: readonly NumbersRow[]; caption?: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    // Scrolls sideways in the narrow form; focusable, so the keyboard can scroll it too.
    <Box
      style={{ overflowX: 'auto' }}
      tabIndex={0}
      role="region"
      aria-label={caption ?? t('chatbots.flow.numbers.caption')}
    >
      <Table fz="xs" withTableBorder striped miw={300} data-testid="numbers-table">
        <Table.Caption>{caption ?? t('chatbots.flow.numbers.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('chatbots.flow.numbers.step')}</Table.Th>
            {COLUMNS.map((key) => (
              <Table.Th key={key} ta="right">
                {t(`chatbots.flow.numbers.${key}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a code may repeat while being edited
            <Table.Tr key={i} data-testid="numbers-row" data-code={row.code}>
              <Table.Td ff="monospace">
                {row.code}
                {row.biggest && (
                  <Badge size="xs" color="orange" ml={4}>
                    {t('chatbots.flow.numbers.biggest')}
                  </Badge>
                )}
              </Table.Td>
              {COLUMNS.map((key) => (
                <Table.Td key={key} ta="right" data-testid={`numbers-${key}`}>
                  {row[key]}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
