import { Alert, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchItem, RubricItem } from '../../../../common/api/audit.js';
import type { MyAudit } from '../../../../common/api/audit-review.js';
import { isApiError } from '../../api/client.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { KeyHint } from './key-hint.js';
import { useBatchAudits, useCorrectAudit } from './queries.js';
import { RubricPanel } from './rubric-panel.js';
import { ENTER_SUBMITS } from './use-audit-shortcuts.js';

/** The items an audit was scored on, labelled from the current rubric (a key it no longer has keeps its key). */
export function auditItems(audit: MyAudit, rubric: readonly RubricItem[]): RubricItem[] {
  const keys = Object.keys(audit.scores);
  const known = rubric.filter((item) => keys.includes(item.key));
  const gone = keys
    .filter((key) => !rubric.some((item) => item.key === key))
    .map((key) => ({ key, label: key, description: '', weight: 1, critical: false }));
  return [...known, ...gone];
}

interface CorrectionDraft {
  conversationId: number;
  scores: Record<string, boolean>;
  note: string;
}

/**
 * The open conversation's audit (once saved) and its correction: started from what was saved, saved
 * with PATCH while the batch's time has not run out.
 */
export function useCorrection(batchId: number, items: readonly BatchItem[], openId: number) {
  const { t } = useTranslation();
  const notify = useNotify();
  const audited = items.filter((item) => item.audited_at !== null).length;
  const batchAudits = useBatchAudits(batchId, { audited });
  const audit = batchAudits.data?.audits.find((candidate) => candidate.conversation_id === openId);
  const [state, setState] = useState<CorrectionDraft | null>(null);
  const draft = state?.conversationId === openId ? state : null;
  const mutation = useCorrectAudit(batchId);

  const toggle = (key: string) =>
    setState((current) =>
      current && key in current.scores
        ? { ...current, scores: { ...current.scores, [key]: !current.scores[key] } }
        : current,
    );
  return {
    audit,
    draft,
    pending: mutation.isPending,
    start: () => {
      if (audit) setState({ conversationId: openId, scores: { ...audit.scores }, note: audit.note });
    },
    cancel: () => setState(null),
    toggle,
    setNote: (note: string) => setState((current) => current && { ...current, note }),
    save: () => {
      if (!draft || !audit || mutation.isPending) return;
      mutation.mutate(
        { id: audit.id, body: { scores: draft.scores, note: draft.note.trim() } },
        {
          onSuccess: () => {
            setState(null);
            notify.success(t('auditReview.correction.saved'));
          },
          onError: (error) => {
            // The batch's time ran out meanwhile: nothing more can be corrected here.
            if (isApiError(error, 409)) setState(null);
            notify.error(error, t('auditReview.correction.failed'));
          },
        },
      );
    },
  };
}

export type Correction = ReturnType<typeof useCorrection>;

interface AuditedPanelProps {
  auditedAt: string | null;
  audit: MyAudit | undefined;
  rubric: readonly RubricItem[];
  onCorrect: () => void;
  onNext: (() => void) | null;
}

/** In place of the rubric once the conversation is audited: the saved scores, failed items and note. */
export function AuditedPanel({ auditedAt, audit, rubric, onCorrect, onNext }: AuditedPanelProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labels = audit ? auditItems(audit, rubric) : [];
  const failed = labels.filter((item) => audit?.scores[item.key] === false);
  return (
    <Alert
      color={audit && !audit.passed ? 'orange' : 'green'}
      icon={<IconCircleCheck />}
      title={t('audit.rubric.auditedTitle')}
      data-testid="audited-notice"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('audit.rubric.auditedBody', { time: formatDateTime(auditedAt) })}</Text>
        {audit && (
          <>
            <Group gap="xs" data-testid="audited-result">
              <Badge color={audit.passed ? 'green' : 'red'} variant="light">
                {audit.passed ? t('auditReview.result.passed') : t('auditReview.result.failed')}
              </Badge>
              <Text size="sm" fw={600} data-testid="audited-score">
                {t('auditReview.score', { score: Math.round(audit.score * 100) })}
              </Text>
            </Group>
            {failed.length > 0 ? (
              <div>
                <Text size="sm" fw={600}>
                  {t('auditReview.failedItems')}
                </Text>
                <List size="sm" data-testid="audited-failed">
                  {failed.map((item) => (
                    <List.Item key={item.key}>{item.label}</List.Item>
                  ))}
                </List>
              </div>
            ) : (
              <Text size="sm">{t('auditReview.noFailedItems')}</Text>
            )}
            {audit.note !== '' && (
              <Text size="sm" data-testid="audited-note" style={{ whiteSpace: 'pre-wrap' }}>
                <strong>{t('audit.rubric.note')}:</strong> {audit.note}
              </Text>
            )}
            {audit.updated_at && (
              <Text size="xs" c="dimmed">
                {t('auditReview.correction.correctedAt', { time: formatDateTime(audit.updated_at) })}
              </Text>
            )}
            <CorrectAction until={audit.correctable_until} onCorrect={onCorrect} />
          </>
        )}
        {onNext !== null && (
          <Button
            size="xs"
            variant="light"
            color="green"
            onClick={onNext}
            rightSection={<KeyHint>{t('audit.keys.enter')}</KeyHint>}
            aria-keyshortcuts="Enter"
            data-testid="next-unaudited"
            {...ENTER_SUBMITS}
          >
            {t('audit.rubric.nextUnaudited')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

function CorrectAction({ until, onCorrect }: { until: string | null; onCorrect: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (until === null) {
    return (
      <Text size="xs" c="dimmed" data-testid="correction-closed">
        {t('auditReview.correction.closed')}
      </Text>
    );
  }
  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconPencil size={14} aria-hidden />}
        onClick={onCorrect}
        data-testid="correct-audit"
      >
        {t('auditReview.correction.start')}
      </Button>
      <Text size="xs" c="dimmed">
        {t('auditReview.correction.until', { time: formatDateTime(until) })}
      </Text>
    </Stack>
  );
}

interface CorrectionPanelProps {
  correction: Correction;
  rubric: readonly RubricItem[];
  noteRef: Ref<HTMLTextAreaElement>;
}

/** The rubric again, set as saved, to correct the audit; Cancel leaves it as it was. */
export function CorrectionPanel({ correction, rubric, noteRef }: CorrectionPanelProps) {
  const { t } = useTranslation();
  const { audit, draft } = correction;
  if (!audit || !draft) return null;
  return (
    <Stack gap="xs" data-testid="correction">
      <RubricPanel
        items={auditItems(audit, rubric)}
        scores={draft.scores}
        note={draft.note}
        onToggle={correction.toggle}
        onNoteChange={correction.setNote}
        onSubmit={correction.save}
        submitting={correction.pending}
        last
        submitLabel={t('auditReview.correction.save')}
        noteRef={noteRef}
      />
      <Button variant="subtle" size="xs" onClick={correction.cancel} data-testid="cancel-correction">
        {t('common.cancel')}
      </Button>
    </Stack>
  );
}
