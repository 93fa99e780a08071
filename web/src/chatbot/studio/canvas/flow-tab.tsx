import '@xyflow/react/dist/style.css';
import { ActionIcon, Alert, Button, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp, IconListCheck, IconMessagePlus } from '@tabler/icons-react';
import { type Connection, type Edge, ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import { DEFAULT_LABELS } from '../../../../../src/chatbot/engine/index.js';
import { ErrorState } from '../../../ui/error-state.js';
import type { EditableBundle } from '../bundle-model.js';
import { useDraft } from '../draft-context.js';
import { useBotDropOff } from './drop-off-selection.js';
import classes from './flow.module.css';
import { type Deletion, FlowCanvas, isTextField } from './flow-canvas.js';
import {
  addHandOver,
  addMessage,
  addReply,
  deleteNode,
  handOverTo,
  removeReply,
  updateReply,
} from './flow-edits.js';
import { type FlowGraph, flowGraph, nodeId } from './flow-graph.js';
import { Inspector } from './inspector.js';
import { type UndoableDraft, useUndoableDraft } from './use-undoable-draft.js';

interface FlowTabProps {
  /** Opens questionnaire `qi` in the questionnaire editor. */
  onOpenQuestionnaires(qi: number): void;
  onOpenJson(): void;
}

/** Where a connection dragged on the canvas goes in the draft; null when it cannot. */
function connected(bundle: EditableBundle, graph: FlowGraph, c: Connection | Edge): EditableBundle | null {
  const source = graph.boxes.find((b) => b.id === c.source)?.data;
  const target = graph.boxes.find((b) => b.id === c.target)?.data;
  if (!source || !target) return null;
  if (source.kind === 'handover') {
    return target.kind === 'questionnaire' ? handOverTo(bundle, source.index, target.id) : null;
  }
  if (source.kind !== 'message' || (target.kind !== 'message' && target.kind !== 'handover')) return null;
  if (target.code === '') return null;
  if (c.sourceHandle === 'new') return addReply(bundle, source.index, target.code);
  const reply = /^r(\d+)$/.exec(c.sourceHandle ?? '');
  return reply ? updateReply(bundle, source.index, Number(reply[1]), { metadata: target.code }) : null;
}

/** The draft without what was deleted on the canvas: buttons and hand-overs first, then boxes. */
function withoutDeleted(bundle: EditableBundle, deletion: Deletion): EditableBundle {
  let next = bundle;
  const links = [...deletion.links].sort(
    (a, b) => (b.index ?? 0) - (a.index ?? 0) || (b.reply ?? 0) - (a.reply ?? 0),
  );
  for (const link of links) {
    if (link.kind === 'reply' && link.index !== undefined && link.reply !== undefined)
      next = removeReply(next, link.index, link.reply);
    else if (link.kind === 'handover' && link.index !== undefined) next = handOverTo(next, link.index, '');
  }
  const indices = deletion.boxes
    .map((id) => /^n(\d+)$/.exec(id))
    .flatMap((match) => (match ? [Number(match[1])] : []))
    .sort((a, b) => b - a);
  for (const index of indices) next = deleteNode(next, index);
  return next;
}

/**
 * Ctrl+Z / ⌘Z undoes, with Shift (or Ctrl+Y) redoes, while the tab is open: also after a box was
 * deleted (the focus was on it and is gone). Text fields keep their own.
 */
function useUndoKeys(history: UndoableDraft) {
  const latest = useRef(history);
  latest.current = history;
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.target === null || isTextField(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) latest.current.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') latest.current.redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Over the canvas: adding a message or a hand-over, undo and redo. */
function Toolbar(props: { history: UndoableDraft; onAddMessage(): void; onAddHandOver(): void }) {
  const { t } = useTranslation();
  const { history } = props;
  return (
    <Group gap={6}>
      <Button
        size="xs"
        leftSection={<IconMessagePlus size={16} aria-hidden />}
        onClick={props.onAddMessage}
        data-testid="flow-add-message"
      >
        {t('chatbots.flow.addMessage')}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconListCheck size={16} aria-hidden />}
        onClick={props.onAddHandOver}
        data-testid="flow-add-handover"
      >
        {t('chatbots.flow.addHandOver')}
      </Button>
      <Tooltip label={t('chatbots.flow.undo')}>
        <ActionIcon
          variant="default"
          size="md"
          disabled={!history.canUndo}
          onClick={history.undo}
          aria-label={t('chatbots.flow.undo')}
          data-testid="flow-undo"
        >
          <IconArrowBackUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('chatbots.flow.redo')}>
        <ActionIcon
          variant="default"
          size="md"
          disabled={!history.canRedo}
          onClick={history.redo}
          aria-label={t('chatbots.flow.redo')}
          data-testid="flow-redo"
        >
          <IconArrowForwardUp size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** The graph of the draft as it is now, with the validator's word and the numbers shown. */
function useFlowGraph(bundle: EditableBundle | null, dropOff: DropOffView | null): FlowGraph | null {
  const { validation } = useDraft();
  return useMemo(() => {
    if (!bundle) return null;
    const issues = {
      errors: validation && !validation.ok ? validation.errors : [],
      warnings: validation?.warnings ?? [],
    };
    const backToStart = bundle.bot.labels?.back_to_start ?? DEFAULT_LABELS.back_to_start;
    return flowGraph(bundle, issues, dropOff, backToStart);
  }, [bundle, validation, dropOff]);
}

interface WorkspaceProps {
  readonly bundle: EditableBundle;
  readonly graph: FlowGraph;
  readonly history: UndoableDraft;
  onOpenQuestionnaires(qi: number): void;
}

/** The canvas and, beside it, the form of the box (or the button's edge) picked. */
function Workspace({ bundle, graph, history, onOpenQuestionnaires }: WorkspaceProps) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [selectedLink, setSelectedLink] = useState<string | null>(null);
  // A box just added: its form's first field takes the focus once it shows.
  const [focusBox, setFocusBox] = useState<string | null>(null);
  const onFocused = useCallback(() => setFocusBox(null), []);
  const select = (id: string | null) => {
    setSelected(id);
    setSelectedLink(null);
  };
  const added = (next: { bundle: EditableBundle; index: number }) => {
    history.change(next.bundle);
    select(nodeId(next.index));
    setFocusBox(nodeId(next.index));
  };
  const link = graph.links.find((l) => l.id === selectedLink);
  return (
    <Group gap="sm" align="stretch" wrap="nowrap">
      <ReactFlowProvider>
        <FlowCanvas
          graph={graph}
          selected={selected}
          selectedLink={selectedLink}
          onSelect={select}
          onSelectLink={(id) => {
            setSelectedLink(id);
            if (id !== null) setSelected(null);
          }}
          onConnect={(c) => {
            const next = connected(bundle, graph, c);
            if (next) history.change(next);
          }}
          isValidConnection={(c) => connected(bundle, graph, c) !== null}
          onDelete={(deletion) => {
            select(null);
            history.change(withoutDeleted(bundle, deletion));
          }}
          toolbar={
            <Toolbar
              history={history}
              onAddMessage={() => added(addMessage(bundle))}
              onAddHandOver={() => added(addHandOver(bundle))}
            />
          }
        />
      </ReactFlowProvider>
      <Paper
        withBorder
        p="sm"
        radius="md"
        className={classes.inspector}
        component="section"
        aria-label={t('chatbots.flow.inspector.label')}
        data-testid="flow-inspector"
      >
        <Inspector
          bundle={bundle}
          graph={graph}
          selected={link ? link.source : selected}
          focusReply={link?.reply ?? null}
          focusCode={focusBox !== null && focusBox === selected}
          onFocused={onFocused}
          change={history.change}
          select={select}
          onOpenQuestionnaires={onOpenQuestionnaires}
        />
      </Paper>
    </Group>
  );
}

/**
 * The Flow tab: the draft's decision tree on a canvas beside a form for the box picked, with
 * undo and redo, and where people drop off. Every edit goes to the bot's draft (autosaved, the
 * same draft the questionnaire editor and the JSON editor edit); the engine's validator, the one
 * publishing runs, marks each box with its problems.
 */
export default function FlowTab({ onOpenQuestionnaires, onOpenJson }: FlowTabProps) {
  const { t } = useTranslation();
  const draft = useDraft();
  const history = useUndoableDraft();
  useUndoKeys(history);
  const dropOff = useBotDropOff(draft.botId);
  const graph = useFlowGraph(history.bundle, dropOff.view);

  if (draft.loadError) return <ErrorState error={draft.loadError} />;
  if (draft.bundle === undefined) return <Loader size="sm" />;
  if (!history.bundle || !graph) {
    return (
      <Alert color="yellow" title={t('chatbots.flow.notEditable')}>
        <Button variant="default" size="xs" onClick={onOpenJson}>
          {t('chatbots.flow.openJson')}
        </Button>
      </Alert>
    );
  }
  return (
    <Stack gap="sm" data-testid="flow-tab">
      {dropOff.bar}
      <Workspace
        bundle={history.bundle}
        graph={graph}
        history={history}
        onOpenQuestionnaires={onOpenQuestionnaires}
      />
      <Text size="xs" c="dimmed">
        {t('chatbots.flow.help.summary')}
      </Text>
    </Stack>
  );
}
