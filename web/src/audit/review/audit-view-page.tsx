import { Anchor, Grid, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AuditDetail } from '../../../../common/api/audit-review.js';
import { useFormatDateTime } from '../../ui/format.js';
import { NotFoundPage } from '../../ui/not-found-page.js';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { MessageThread } from '../screen/message-thread.js';
import { SurveyPanel, TagsPanel } from '../screen/survey-panel.js';
import { percent, ResultBadge, texterPath } from './audit-table.js';
import { useAuditDetail } from './queries.js';

/** `/audits/:id`: one audit, read only — its scores, note and history beside the conversation. */
export function AuditViewPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const id = Number(useParams().auditId);
  const detail = useAuditDetail(id);
  if (!Number.isInteger(id) || id < 1) return <NotFoundPage />;
  if (!detail.data) return <QueryPending query={detail} />;
  const { audit, conversation } = detail.data;
  return (
    <Stack gap="lg" data-testid="audit-view">
      <Anchor component={Link} to="/audits" size="sm">
        {t('auditReview.view.back')}
      </Anchor>
      <Group gap="sm">
        <PageTitle>{t('auditReview.view.title', { date: formatDateTime(audit.created_at) })}</PageTitle>
        <ResultBadge passed={audit.passed} />
      </Group>
      <Text size="sm" c="dimmed">
        {[
          audit.campaign.title,
          audit.texter?.name ?? t('auditReview.unknownTexter'),
          audit.auditor.name,
          t('auditReview.view.rubricVersion', { version: audit.rubric_version }),
        ].join(' · ')}
      </Text>
      {audit.texter && (
        <Anchor component={Link} to={texterPath(audit.texter.id)} size="sm" data-testid="texter-link">
          {t('auditReview.view.texterPage')}
        </Anchor>
      )}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="sm" component="section" aria-labelledby="audit-view-thread">
            <Title order={2} size="h4" mb="sm" id="audit-view-thread">
              {t('auditReview.view.conversation')}
            </Title>
            <MessageThread conversation={conversation} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <ScoresPanel detail={detail.data} />
            <HistoryPanel detail={detail.data} />
            <SurveyPanel survey={conversation.survey} />
            <TagsPanel tags={conversation.conversation.tags} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Each item of the audit's rubric version, passed or failed, the score and the note. */
function ScoresPanel({ detail }: { detail: AuditDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const { audit, scores, rubric_items: items } = detail;
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-labelledby="audit-view-scores"
      data-testid="audit-scores"
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="audit-view-scores">
          {t('auditReview.view.scores')}
        </Title>
        <Text fw={600}>{t('auditReview.score', { score: Math.round(audit.score * 100) })}</Text>
      </Group>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('auditReview.view.item')}</Table.Th>
            <Table.Th>{t('auditReview.columns.result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.key} data-testid={`score-${item.key}`}>
              <Table.Td>{item.label}</Table.Td>
              <Table.Td>
                {scores[item.key] === false ? (
                  <Group gap={4} c="red.8" wrap="nowrap">
                    <IconCircleX size={16} aria-hidden />
                    {t('auditReview.view.fail')}
                  </Group>
                ) : (
                  <Group gap={4} c="green.8" wrap="nowrap">
                    <IconCircleCheck size={16} aria-hidden />
                    {t('auditReview.view.pass')}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h5" mt="sm">
        {t('auditReview.view.note')}
      </Title>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="audit-note-text">
        {audit.note || t('auditReview.view.noNote')}
      </Text>
      {detail.updated_at && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('auditReview.view.corrected', { time: formatDateTime(detail.updated_at) })}
        </Text>
      )}
    </Paper>
  );
}

/** What the audit was before each correction, oldest first. */
function HistoryPanel({ detail }: { detail: AuditDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-labelledby="audit-view-history"
      data-testid="audit-history"
    >
      <Title order={2} size="h4" mb="xs" id="audit-view-history">
        {t('auditReview.view.history')}
      </Title>
      {detail.history.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('auditReview.view.noHistory')}
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {detail.history.map((entry) => (
            <List.Item key={`${entry.changed_at}-${entry.score}-${entry.note}`}>
              {t('auditReview.view.historyEntry', {
                time: formatDateTime(entry.changed_at),
                name: entry.changed_by.name,
                result: entry.passed ? t('auditReview.result.passed') : t('auditReview.result.failed'),
                score: percent(entry.score).replace('%', ''),
              })}
              {entry.note && ` — ${entry.note}`}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
