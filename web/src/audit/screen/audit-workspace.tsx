import { Alert, Button, Center, Grid, Loader, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { BatchItem, BatchView, RubricItem, SubmitAuditBody } from '../../../../common/api/audit.js';
import { isApiError } from '../../api/client.js';
import { ErrorState } from '../../ui/error-state.js';
import { useFormatDateTime } from '../../ui/format.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import classes from './audit-screen.module.css';
import { BatchList } from './batch-list.js';
import { neighbour, nextUnaudited } from './batch-nav.js';
import { ConversationHeader } from './conversation-header.js';
import { KeyHint } from './key-hint.js';
import { MessageThread } from './message-thread.js';
import {
  auditKeys,
  conversationQuery,
  markAudited,
  useConversation,
  useRubric,
  useSubmitAudit,
} from './queries.js';
import { KEYED_ITEMS, RubricPanel } from './rubric-panel.js';
import { ShortcutHelp } from './shortcut-help.js';
import { hasStopWord } from './stop-words.js';
import { SurveyPanel, TagsPanel } from './survey-panel.js';
import { useActiveTime } from './use-active-time.js';
import { ENTER_SUBMITS, useAuditShortcuts } from './use-audit-shortcuts.js';

/** The open conversation is kept in the address (`?conversation=ID`), so a reload stays on it. */
export const CONVERSATION_PARAM = 'conversation';

/** The most `time_spent_ms` the server takes (a day). */
const MAX_TIME_SPENT_MS = 86_400_000;

/** What the auditor set on a conversation but has not submitted yet; kept while moving through the batch. */
interface Draft {
  /** Only the items the auditor changed: an item not in here passes. */
  scores: Record<string, boolean>;
  note: string;
}
const EMPTY_DRAFT: Draft = { scores: {}, note: '' };

/** Every rubric item starts as passed: auditors mostly mark failures (web/README.md, "Audit screen"). */
function scoresOf(items: readonly RubricItem[], draft: Draft): Record<string, boolean> {
  return Object.fromEntries(items.map((item) => [item.key, draft.scores[item.key] ?? true]));
}

interface AuditWorkspaceProps {
  /** A batch with at least one conversation left to audit. */
  batch: BatchView;
  /** The last conversation of the batch was just audited. */
  onFinished: () => void;
}

/** The batch list, the open conversation (thread, survey, tags) and the rubric, driven by the keyboard. */
export function AuditWorkspace({ batch, onFinished }: AuditWorkspaceProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  // Kept in state (the address follows it): moves through the batch must not wait for the router.
  const [requested, setRequested] = useState(() => Number(searchParams.get(CONVERSATION_PARAM)));
  const { items } = batch;
  // The one asked for if it is in the batch, otherwise the first left to audit.
  const item =
    items.find((candidate) => candidate.conversation_id === requested) ??
    items.find((candidate) => candidate.conversation_id === nextUnaudited(items, null)) ??
    items[0];
  const openId = item?.conversation_id;

  useEffect(() => {
    if (openId === undefined) return;
    setSearchParams(
      (current) => {
        if (current.get(CONVERSATION_PARAM) === String(openId)) return current;
        const next = new URLSearchParams(current);
        next.set(CONVERSATION_PARAM, String(openId));
        return next;
      },
      { replace: true },
    );
  }, [openId, setSearchParams]);

  return item ? <Workspace batch={batch} item={item} onOpen={setRequested} onFinished={onFinished} /> : null;
}

interface WorkspaceProps extends AuditWorkspaceProps {
  /** The open conversation's batch item. */
  item: BatchItem;
  onOpen: (conversationId: number) => void;
}

function Workspace({ batch, item, onOpen, onFinished }: WorkspaceProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const formatDateTime = useFormatDateTime();
  const rubric = useRubric();
  const submitAudit = useSubmitAudit();
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [helpOpened, help] = useDisclosure(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const reviewRef = useRef<HTMLElement>(null);

  const { items } = batch;
  const openId = item.conversation_id;
  const conversation = useConversation(openId);
  const timer = useActiveTime(openId);

  // Which conversation is open when a submit comes back (the auditor may have moved on meanwhile).
  const openIdRef = useRef(openId);
  useEffect(() => {
    openIdRef.current = openId;
  }, [openId]);

  // A new conversation starts at the top of the page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever another conversation opens
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [openId]);

  // Fetch what Enter (next unaudited) and j (next in the list) would open, before they are asked for.
  useEffect(() => {
    for (const id of new Set([nextUnaudited(items, openId), neighbour(items, openId, 1)])) {
      if (id !== null) void queryClient.prefetchQuery(conversationQuery(id));
    }
  }, [openId, items, queryClient]);

  const position = items.indexOf(item) + 1;
  const audited = item.audited_at !== null;
  const draft = drafts[openId] ?? EMPTY_DRAFT;
  const rubricItems = rubric.data?.items ?? [];
  const scores = scoresOf(rubricItems, draft);
  const upcoming = nextUnaudited(items, openId);
  const previousId = neighbour(items, openId, -1);
  const nextId = neighbour(items, openId, 1);
  const stopAsked =
    conversation.data?.messages.some((message) => message.from_contact && hasStopWord(message.text)) ?? false;

  const open = (id: number, { focus = false } = {}) => {
    openIdRef.current = id;
    onOpen(id);
    // Away from the list, so that Enter submits instead of re-opening the clicked item.
    if (focus) reviewRef.current?.focus({ preventScroll: true });
  };

  const updateDraft = (id: number, change: (draft: Draft) => Draft) =>
    setDrafts((current) => ({ ...current, [id]: change(current[id] ?? EMPTY_DRAFT) }));

  const toggle = (key: string) => {
    if (audited) return;
    updateDraft(openId, (current) => ({
      ...current,
      scores: { ...current.scores, [key]: !(current.scores[key] ?? true) },
    }));
  };

  /** After `id` is done: the next unaudited conversation, or the end of the batch. */
  const advanceFrom = (id: number) => {
    const next = nextUnaudited(items, id);
    if (next === null) onFinished();
    else if (openIdRef.current === id) open(next);
  };

  const submit = () => {
    if (audited) {
      // Nothing to submit here: Enter goes on to the work that is left.
      if (upcoming !== null) open(upcoming);
      return;
    }
    if (!rubric.data || !conversation.data || submitAudit.isPending) return;
    const id = openId;
    const note = draft.note.trim();
    const body: SubmitAuditBody = {
      conversation_id: id,
      scores,
      time_spent_ms: Math.min(timer.read(id), MAX_TIME_SPENT_MS),
      ...(note !== '' && { note }),
    };
    submitAudit.mutate(body, {
      onSuccess: () => {
        setDrafts(({ [id]: _submitted, ...rest }) => rest);
        advanceFrom(id);
      },
      onError: (error) => {
        if (isApiError(error, 409) && error.code === 'already_audited') {
          queryClient.setQueryData<BatchView | null>(auditKeys.currentBatch, (current) =>
            markAudited(current, id, new Date().toISOString()),
          );
          notifications.show({ message: t('audit.rubric.alreadyAudited') });
          advanceFrom(id);
          return;
        }
        if (isApiError(error, 403)) {
          // Not (or no longer) in this auditor's batch: it may have expired. Show the batch as it is now.
          void queryClient.invalidateQueries({ queryKey: auditKeys.currentBatch });
          notify.error(error, t('audit.rubric.notInBatch'));
          return;
        }
        // A 400 most likely means the rubric changed since it was loaded.
        if (isApiError(error, 400)) void queryClient.invalidateQueries({ queryKey: auditKeys.rubric });
        notify.error(error, t('audit.rubric.submitFailed'));
      },
    });
  };

  useAuditShortcuts({
    toggle: (index) => {
      const key = rubricItems[index]?.key;
      if (!helpOpened && key !== undefined) toggle(key);
    },
    focusNote: () => {
      if (!helpOpened) noteRef.current?.focus();
    },
    submit: () => {
      if (!helpOpened) submit();
    },
    next: () => {
      if (!helpOpened && nextId !== null) open(nextId);
    },
    previous: () => {
      if (!helpOpened && previousId !== null) open(previousId);
    },
    help: help.toggle,
  });

  return (
    <>
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 3 }} className={classes.sticky}>
          <BatchList batch={batch} openId={openId} onOpen={(id) => open(id, { focus: true })} />
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <section
            ref={reviewRef}
            tabIndex={-1}
            className={classes.review}
            aria-label={t('audit.conversation.region')}
            data-testid="conversation"
            data-conversation-id={openId}
          >
            <Stack gap="md">
              <ConversationHeader
                item={item}
                conversation={conversation.data}
                position={position}
                total={items.length}
                stopAsked={stopAsked}
                onPrevious={previousId === null ? null : () => open(previousId)}
                onNext={nextId === null ? null : () => open(nextId)}
                onHelp={help.open}
              />
              {conversation.data ? (
                <MessageThread conversation={conversation.data} />
              ) : (
                <QueryPending query={conversation} />
              )}
            </Stack>
          </section>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 4 }} className={classes.sticky}>
          <Stack gap="md">
            {audited ? (
              <Alert
                color="green"
                icon={<IconCircleCheck />}
                title={t('audit.rubric.auditedTitle')}
                data-testid="audited-notice"
              >
                <Stack gap="sm" align="flex-start">
                  {t('audit.rubric.auditedBody', { time: formatDateTime(item.audited_at) })}
                  {upcoming !== null && (
                    <Button
                      size="xs"
                      variant="light"
                      color="green"
                      onClick={() => open(upcoming)}
                      rightSection={<KeyHint>{t('audit.keys.enter')}</KeyHint>}
                      aria-keyshortcuts="Enter"
                      {...ENTER_SUBMITS}
                    >
                      {t('audit.rubric.nextUnaudited')}
                    </Button>
                  )}
                </Stack>
              </Alert>
            ) : rubric.data ? (
              <RubricPanel
                key={openId}
                items={rubric.data.items}
                scores={scores}
                note={draft.note}
                onToggle={toggle}
                onNoteChange={(note) => updateDraft(openId, (current) => ({ ...current, note }))}
                onSubmit={submit}
                submitting={submitAudit.isPending}
                last={upcoming === null}
                noteRef={noteRef}
              />
            ) : rubric.isError ? (
              <ErrorState error={rubric.error} onRetry={() => void rubric.refetch()} />
            ) : (
              <Center py="md">
                <Loader size="sm" aria-label={t('common.loading')} />
              </Center>
            )}
            {conversation.data && (
              <>
                <SurveyPanel survey={conversation.data.survey} />
                <TagsPanel tags={conversation.data.conversation.tags} />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <ShortcutHelp
        opened={helpOpened}
        onClose={help.close}
        keyedItems={Math.min(KEYED_ITEMS, rubricItems.length)}
      />
    </>
  );
}
