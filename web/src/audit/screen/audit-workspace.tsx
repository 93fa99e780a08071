import { Center, Grid, Loader, Stack, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type {
  BatchItem,
  BatchView,
  ConversationView,
  RubricItem,
  SubmitAuditBody,
} from '../../../../common/api/audit.js';
import { AUDIT_LIMITS } from '../../../../common/limits.js';
import { isApiError } from '../../api/client.js';
import { FlagMessage } from '../../moderation/flag-message.js';
import { ErrorState } from '../../ui/error-state.js';
import { useNotify } from '../../ui/notify.js';
import { QueryPending } from '../../ui/query-pending.js';
import classes from './audit-screen.module.css';
import { AuditedPanel, type Correction, CorrectionPanel, useCorrection } from './audited-panel.js';
import { BatchList } from './batch-list.js';
import { neighbour, nextUnaudited } from './batch-nav.js';
import { ConversationHeader } from './conversation-header.js';
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
import { type AuditShortcutHandlers, useAuditShortcuts } from './use-audit-shortcuts.js';
import { focusLost } from './use-focus-recovery.js';

/** The open conversation is kept in the address (`?conversation=ID`), so a reload stays on it. */
export const CONVERSATION_PARAM = 'conversation';

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
  /** The keyboard was last working on this screen (see `useFocusWithin`). */
  focusWithin: RefObject<boolean>;
  /** The last conversation of the batch was just audited. */
  onFinished: () => void;
}

/** The batch list, the open conversation (thread, survey, tags) and the rubric, driven by the keyboard. */
export function AuditWorkspace({ batch, focusWithin, onFinished }: AuditWorkspaceProps) {
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

  return item ? (
    <Workspace
      batch={batch}
      item={item}
      focusWithin={focusWithin}
      onOpen={setRequested}
      onFinished={onFinished}
    />
  ) : null;
}

interface WorkspaceProps extends AuditWorkspaceProps {
  /** The open conversation's batch item. */
  item: BatchItem;
  onOpen: (conversationId: number) => void;
}

/**
 * Keeps `openIdRef` on the open conversation (for replies that come back after the auditor moved on),
 * starts each conversation at the top of the page and fetches the next ones before they are asked for.
 */
function useOpenConversation(items: readonly BatchItem[], openId: number): RefObject<number> {
  const queryClient = useQueryClient();
  const openIdRef = useRef(openId);
  useEffect(() => {
    openIdRef.current = openId;
  }, [openId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever another conversation opens
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [openId]);

  // What Enter (next unaudited) and j (next in the list) would open.
  useEffect(() => {
    for (const id of new Set([nextUnaudited(items, openId), neighbour(items, openId, 1)])) {
      if (id !== null) void queryClient.prefetchQuery(conversationQuery(id));
    }
  }, [openId, items, queryClient]);
  return openIdRef;
}

interface SubmissionOptions {
  items: readonly BatchItem[];
  openIdRef: RefObject<number>;
  open: (id: number) => void;
  onFinished: () => void;
  /** The audit of this conversation was saved. */
  onSubmitted: (conversationId: number) => void;
}

/** Sends an audit, then moves on to the next unaudited conversation (or ends the batch); explains refusals. */
function useAuditSubmission({ items, openIdRef, open, onFinished, onSubmitted }: SubmissionOptions) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const submitAudit = useSubmitAudit();

  /** After `id` is done: the next unaudited conversation, or the end of the batch. */
  const advanceFrom = (id: number) => {
    const next = nextUnaudited(items, id);
    if (next === null) onFinished();
    else if (openIdRef.current === id) open(next);
  };

  const send = (body: SubmitAuditBody) => {
    const id = body.conversation_id;
    submitAudit.mutate(body, {
      onSuccess: () => {
        onSubmitted(id);
        advanceFrom(id);
      },
      onError: (error) => {
        if (isApiError(error, 409) && error.code === 'already_audited') {
          queryClient.setQueryData<BatchView | null>(auditKeys.currentBatch, (current) =>
            markAudited(current, id, new Date().toISOString()),
          );
          notifications.show({
            message: t('audit.rubric.alreadyAudited'),
            closeButtonProps: { 'aria-label': t('common.close') },
          });
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
  return { send, pending: submitAudit.isPending };
}

/** The auditor's unsubmitted changes per conversation of the batch. */
function useDrafts(openId: number, audited: boolean) {
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const updateDraft = (id: number, change: (draft: Draft) => Draft) =>
    setDrafts((current) => ({ ...current, [id]: change(current[id] ?? EMPTY_DRAFT) }));
  return {
    draft: drafts[openId] ?? EMPTY_DRAFT,
    /** Flips one rubric item of the open conversation (not once it is audited). */
    toggle: (key: string) => {
      if (audited) return;
      updateDraft(openId, (current) => ({
        ...current,
        scores: { ...current.scores, [key]: !(current.scores[key] ?? true) },
      }));
    },
    setNote: (note: string) => updateDraft(openId, (current) => ({ ...current, note })),
    /** Forgets the draft of a submitted conversation. */
    drop: (id: number) => setDrafts(({ [id]: _submitted, ...rest }) => rest),
  };
}

/**
 * Submitting, j/k and taking the batch replace the element that held the focus (the rubric is rebuilt
 * for each conversation), which drops it to the body. If the keyboard was working here, focus goes on
 * where the work does: the first rubric toggle, or the audited notice's "next" button.
 */
function useFocusRecovery(
  sideRef: RefObject<HTMLElement | null>,
  focusWithin: RefObject<boolean>,
  state: { openId: number; audited: boolean; pending: boolean; ready: boolean; correcting: boolean },
) {
  const { openId, audited, pending, ready, correcting } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever what is on screen changes
  useEffect(() => {
    // While the audit is sent, the focus may rest on the disabled submit button: it moves once the next opens.
    if (pending || !focusWithin.current || !focusLost()) return;
    sideRef.current?.querySelector<HTMLElement>('[data-enter-submits]')?.focus();
  }, [openId, audited, pending, ready, correcting, sideRef, focusWithin]);
}

/** Says, without moving the focus, what submitting or j/k changed: the progress and the open conversation. */
function ProgressAnnouncer({ items, item }: { items: readonly BatchItem[]; item: BatchItem }) {
  const { t } = useTranslation();
  const total = items.length;
  const done = items.filter((candidate) => candidate.audited_at !== null).length;
  const position = t('audit.conversation.position', { position: items.indexOf(item) + 1, total });
  return (
    <VisuallyHidden role="status" data-testid="audit-live">
      {`${t('audit.batch.progressLabel', { done, total })}. ${position}: ${item.campaign.title}`}
    </VisuallyHidden>
  );
}

/** The audit screen's keys; all but the help key rest while the help is open. */
function useWorkspaceShortcuts(
  helpOpened: boolean,
  toggleHelp: () => void,
  handlers: Omit<AuditShortcutHandlers, 'help'>,
) {
  const unlessHelp =
    <A extends unknown[]>(handler: (...args: A) => void) =>
    (...args: A) => {
      if (!helpOpened) handler(...args);
    };
  useAuditShortcuts({
    toggle: unlessHelp(handlers.toggle),
    focusNote: unlessHelp(handlers.focusNote),
    submit: unlessHelp(handlers.submit),
    next: unlessHelp(handlers.next),
    previous: unlessHelp(handlers.previous),
    help: toggleHelp,
  });
}

/** Calls `act` with the key of the rubric item at `index`, if there is one. */
function withKey(items: readonly RubricItem[], index: number, act: (key: string) => void) {
  const key = items[index]?.key;
  if (key !== undefined) act(key);
}

interface SideColumnProps {
  sideRef: RefObject<HTMLDivElement | null>;
  conversation: ConversationView | undefined;
  /** The rubric, or the audit once saved. */
  children: ReactNode;
}

/** Beside the thread: the rubric (or the saved audit), then the survey and tags once loaded. */
function SideColumn({ sideRef, conversation, children }: SideColumnProps) {
  return (
    <Grid.Col span={{ base: 12, lg: 4 }} className={classes.sticky}>
      <Stack gap="md" ref={sideRef}>
        {children}
        {conversation && (
          <>
            <SurveyPanel survey={conversation.survey} />
            <TagsPanel tags={conversation.conversation.tags} />
          </>
        )}
      </Stack>
    </Grid.Col>
  );
}

/** Opens a conversation of the batch; with `focus`, moves the focus to the thread. */
function opener(
  openIdRef: RefObject<number>,
  reviewRef: RefObject<HTMLElement | null>,
  onOpen: (id: number) => void,
) {
  return (id: number, { focus = false } = {}) => {
    openIdRef.current = id;
    onOpen(id);
    // Away from the list, so that Enter submits instead of re-opening the clicked item.
    if (focus) reviewRef.current?.focus({ preventScroll: true });
  };
}

function Workspace({ batch, item, focusWithin, onOpen, onFinished }: WorkspaceProps) {
  const rubric = useRubric();
  const [helpOpened, help] = useDisclosure(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const reviewRef = useRef<HTMLElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);

  const { items } = batch;
  const openId = item.conversation_id;
  const conversation = useConversation(openId);
  const timer = useActiveTime(openId);
  const openIdRef = useOpenConversation(items, openId);

  const audited = item.audited_at !== null;
  const { draft, toggle, setNote, drop } = useDrafts(openId, audited);
  const rubricItems = rubric.data?.items ?? [];
  const scores = scoresOf(rubricItems, draft);
  const upcoming = nextUnaudited(items, openId);
  const previousId = neighbour(items, openId, -1);
  const nextId = neighbour(items, openId, 1);

  const open = opener(openIdRef, reviewRef, onOpen);
  const submission = useAuditSubmission({ items, openIdRef, open, onFinished, onSubmitted: drop });
  const correction = useCorrection(batch.id, items, openId);
  const correcting = correction.draft !== null;
  const pending = submission.pending || correction.pending;
  useFocusRecovery(sideRef, focusWithin, { openId, audited, pending, ready: !!rubric.data, correcting });

  const submit = () => {
    if (correcting) return correction.save(); // Enter saves the correction
    if (audited) {
      // Nothing to submit here: Enter goes on to the work that is left.
      if (upcoming !== null) open(upcoming);
      return;
    }
    if (!rubric.data || !conversation.data || submission.pending) return;
    const note = draft.note.trim();
    submission.send({
      conversation_id: openId,
      scores,
      time_spent_ms: Math.min(timer.read(openId), AUDIT_LIMITS.timeSpentMaxMs),
      ...(note !== '' && { note }),
    });
  };

  const openIf = (id: number | null) => id !== null && open(id);
  useWorkspaceShortcuts(helpOpened, help.toggle, {
    toggle: (index) => withKey(rubricItems, index, correcting ? correction.toggle : toggle),
    focusNote: () => noteRef.current?.focus(),
    submit,
    next: () => openIf(nextId),
    previous: () => openIf(previousId),
  });

  return (
    <>
      <ProgressAnnouncer items={items} item={item} />
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 3 }} className={classes.sticky}>
          <BatchList batch={batch} openId={openId} onOpen={(id) => open(id, { focus: true })} />
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ReviewColumn
            reviewRef={reviewRef}
            item={item}
            items={items}
            conversation={conversation}
            onPrevious={previousId === null ? null : () => open(previousId)}
            onNext={nextId === null ? null : () => open(nextId)}
            onHelp={help.open}
          />
        </Grid.Col>

        <SideColumn sideRef={sideRef} conversation={conversation.data}>
          {audited ? (
            <AuditedSlot
              correction={correction}
              rubric={rubricItems}
              auditedAt={item.audited_at}
              noteRef={noteRef}
              onNext={upcoming === null ? null : () => open(upcoming)}
            />
          ) : (
            <RubricSlot
              key={openId}
              rubric={rubric}
              scores={scores}
              note={draft.note}
              onToggle={toggle}
              onNoteChange={setNote}
              onSubmit={submit}
              submitting={submission.pending}
              last={upcoming === null}
              noteRef={noteRef}
            />
          )}
        </SideColumn>
      </Grid>

      <ShortcutHelp
        opened={helpOpened}
        onClose={help.close}
        keyedItems={Math.min(KEYED_ITEMS, rubricItems.length)}
      />
    </>
  );
}

interface ReviewColumnProps {
  reviewRef: RefObject<HTMLElement | null>;
  item: BatchItem;
  items: readonly BatchItem[];
  conversation: ReturnType<typeof useConversation>;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  onHelp: () => void;
}

/** The open conversation: its header and the message thread. */
function ReviewColumn({
  reviewRef,
  item,
  items,
  conversation,
  onPrevious,
  onNext,
  onHelp,
}: ReviewColumnProps) {
  const { t } = useTranslation();
  const stopAsked =
    conversation.data?.messages.some((message) => message.from_contact && hasStopWord(message.text)) ?? false;
  return (
    <section
      ref={reviewRef}
      tabIndex={-1}
      className={classes.review}
      aria-label={t('audit.conversation.region')}
      data-testid="conversation"
      data-conversation-id={item.conversation_id}
    >
      <Stack gap="md">
        <ConversationHeader
          item={item}
          conversation={conversation.data}
          position={items.indexOf(item) + 1}
          total={items.length}
          stopAsked={stopAsked}
          onPrevious={onPrevious}
          onNext={onNext}
          onHelp={onHelp}
        />
        {conversation.data ? (
          <MessageThread conversation={conversation.data} />
        ) : (
          <QueryPending query={conversation} />
        )}
        <FlagMessage conversationId={item.conversation_id} messages={conversation.data?.messages ?? []} />
      </Stack>
    </section>
  );
}

interface AuditedSlotProps {
  correction: Correction;
  rubric: readonly RubricItem[];
  auditedAt: string | null;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  onNext: (() => void) | null;
}

/** Once audited: the saved audit (and the next one left to audit), or its correction while it is made. */
function AuditedSlot({ correction, rubric, auditedAt, noteRef, onNext }: AuditedSlotProps) {
  if (correction.draft) return <CorrectionPanel correction={correction} rubric={rubric} noteRef={noteRef} />;
  return (
    <AuditedPanel
      auditedAt={auditedAt}
      audit={correction.audit}
      rubric={rubric}
      onCorrect={correction.start}
      onNext={onNext}
    />
  );
}

type RubricSlotProps = Omit<ComponentProps<typeof RubricPanel>, 'items'> & {
  rubric: ReturnType<typeof useRubric>;
};

/** The rubric panel once the rubric is loaded; its error or a loader before. */
function RubricSlot({ rubric, ...panel }: RubricSlotProps) {
  const { t } = useTranslation();
  if (rubric.data) return <RubricPanel items={rubric.data.items} {...panel} />;
  if (rubric.isError) return <ErrorState error={rubric.error} onRetry={() => void rubric.refetch()} />;
  return (
    <Center py="md">
      <Loader size="sm" role="status" aria-label={t('common.loading')} />
    </Center>
  );
}
