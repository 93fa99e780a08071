import { Stack } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../ui/page-title.js';
import { QueryPending } from '../../ui/query-pending.js';
import { AuditWorkspace, CONVERSATION_PARAM } from './audit-workspace.js';
import { useCurrentBatch } from './queries.js';
import { BatchDonePanel, StartBatchPanel } from './start-batch-panel.js';
import { useFocusWithin } from './use-focus-recovery.js';

/** A batch the auditor finished in this visit (the server then stops returning it as current). */
interface FinishedBatch {
  id: number;
  count: number;
}

/**
 * The auditor's home (`/conversations`): take a batch, work through it, and take another.
 * Which panel shows follows the current batch: none → start; all audited → done; otherwise the workspace.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const batch = useCurrentBatch();
  const [finished, setFinished] = useState<FinishedBatch | null>(null);
  const [searchParams, setSearchParams] = useSearchParams();
  const pageRef = useRef<HTMLDivElement>(null);
  const focusWithin = useFocusWithin(pageRef);
  const current = batch.data;
  const working =
    current != null &&
    !(finished && current.id === finished.id) &&
    current.items.some((item) => item.audited_at === null);

  // Outside a batch, drop the open conversation from the address: it belonged to the batch just done.
  const staleParam = !working && current !== undefined && searchParams.has(CONVERSATION_PARAM);
  useEffect(() => {
    if (!staleParam) return;
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        next.delete(CONVERSATION_PARAM);
        return next;
      },
      { replace: true },
    );
  }, [staleParam, setSearchParams]);

  let content: ReactNode;
  if (current === undefined) {
    content = <QueryPending query={batch} />;
  } else if (finished && (current === null || current.id === finished.id)) {
    content = <BatchDonePanel count={finished.count} batchId={finished.id} focusWithin={focusWithin} />;
  } else if (current === null) {
    content = <StartBatchPanel />;
  } else if (current.items.every((item) => item.audited_at !== null)) {
    content = <BatchDonePanel count={current.items.length} batchId={current.id} />;
  } else {
    content = (
      <AuditWorkspace
        key={current.id}
        batch={current}
        focusWithin={focusWithin}
        onFinished={() => setFinished({ id: current.id, count: current.items.length })}
      />
    );
  }

  return (
    <Stack gap="lg" data-testid="audit-page" ref={pageRef}>
      <PageTitle>{t('areas.conversations.title')}</PageTitle>
      {content}
    </Stack>
  );
}
