import { Center, Loader } from '@mantine/core';
import {
  applyNodeChanges,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  type NodeChange,
  Panel,
  ReactFlow,
  type ReactFlowInstance,
  useReactFlow,
  useUpdateNodeInternals,
} from '@xyflow/react';
import type { TFunction } from 'i18next';
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './flow.module.css';
import type { FlowBox, FlowGraph, FlowLink } from './flow-graph.js';
import { layoutFlow, layoutKey, type Point } from './flow-layout.js';
import { type FlowNode, NODE_TYPES } from './flow-nodes.js';

/** A field the keys type into (Delete and undo are its own there). */
export function isTextField(target: EventTarget): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** What a deletion on the canvas asks for: boxes (by id) and edges (without those of deleted boxes). */
export interface Deletion {
  readonly boxes: readonly string[];
  readonly links: readonly FlowLink[];
}

interface FlowCanvasProps {
  readonly graph: FlowGraph;
  /** The box picked (its id), or null. */
  readonly selected: string | null;
  readonly selectedLink: string | null;
  onSelect(id: string | null): void;
  onSelectLink(id: string | null): void;
  onConnect(connection: Connection): void;
  isValidConnection(connection: Connection | Edge): boolean;
  onDelete(deletion: Deletion): void;
  /** Shown over the canvas's top left corner (adding boxes, undo). */
  readonly toolbar: ReactNode;
}

/** Below this zoom the boxes cannot be read: the first view then starts at the entry instead. */
const READABLE_ZOOM = 0.6;
const START_ZOOM = 0.8;

/** The zoom at which the whole flow fits the frame. */
function fittingZoom(graph: FlowGraph, positions: Map<string, Point>, frame: HTMLElement): number {
  const right = Math.max(...graph.boxes.map((b) => (positions.get(b.id)?.x ?? 0) + b.width));
  const bottom = Math.max(...graph.boxes.map((b) => (positions.get(b.id)?.y ?? 0) + b.height));
  return Math.min(frame.clientWidth / (right + 40), frame.clientHeight / (bottom + 40));
}

/**
 * The first view: the whole flow when it can be read that way, else the entry at the left edge
 * (a conversation is read from there); the zoom buttons show the whole flow at any time.
 */
function firstView(
  flow: ReactFlowInstance<FlowNode, Edge>,
  graph: FlowGraph,
  positions: Map<string, Point>,
  frame: HTMLElement,
): void {
  const entry = graph.boxes.find((b) => 'roles' in b.data && b.data.roles.includes('entry'));
  const at = entry ? positions.get(entry.id) : undefined;
  if (fittingZoom(graph, positions, frame) >= READABLE_ZOOM || !entry || !at) {
    void flow.fitView({ padding: 0.05, maxZoom: 1 });
    return;
  }
  void flow.setViewport({
    x: 24 - at.x * START_ZOOM,
    y: frame.clientHeight / 2 - (at.y + entry.height / 2) * START_ZOOM,
    zoom: START_ZOOM,
  });
}

/**
 * After the flow changed shape: a flow that fits readably is shown whole again; a larger one
 * keeps its zoom and brings the box picked (a box just added) into view.
 */
function followChange(
  flow: ReactFlowInstance<FlowNode, Edge>,
  graph: FlowGraph,
  positions: Map<string, Point>,
  frame: HTMLElement,
  selected: string | null,
): void {
  if (fittingZoom(graph, positions, frame) >= READABLE_ZOOM) {
    void flow.fitView({ padding: 0.05, maxZoom: 1 });
    return;
  }
  const box = graph.boxes.find((b) => b.id === selected);
  const at = selected ? positions.get(selected) : undefined;
  if (!box || !at) return;
  const zoom = flow.getZoom();
  void flow.setCenter(at.x + box.width / 2, at.y + box.height / 2, { zoom });
}

/** Positions from ELK, computed again only when the boxes or edges change (not on text edits). */
function useLayout(graph: FlowGraph): Map<string, Point> | null {
  const key = layoutKey(graph.boxes, graph.links);
  const [positions, setPositions] = useState<Map<string, Point> | null>(null);
  const latest = useRef(graph);
  latest.current = graph;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when the layout changes
  useEffect(() => {
    let live = true;
    void layoutFlow(latest.current.boxes, latest.current.links).then((laid) => {
      if (live) setPositions(laid);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return positions;
}

function boxLabel(t: TFunction, box: FlowBox): string {
  const data = box.data;
  switch (data.kind) {
    case 'message':
      return t('chatbots.flow.aria.message', {
        code: data.code,
        count: data.replies.length,
        problems: data.issues.length,
      });
    case 'handover':
      return t('chatbots.flow.aria.handover', {
        code: data.code,
        id: data.questionnaireId,
        problems: data.issues.length,
      });
    case 'questionnaire':
      return t('chatbots.flow.aria.questionnaire', {
        name: data.name || data.id,
        problems: data.issues.length,
      });
    case 'end':
      return t('chatbots.flow.conversationEnds');
    case 'missing':
      return data.of === 'node'
        ? t('chatbots.flow.missingNode', { code: data.code })
        : t('chatbots.flow.missingQuestionnaire', { id: data.code });
  }
}

function toNodes(
  graph: FlowGraph,
  positions: Map<string, Point>,
  selected: string | null,
  t: TFunction,
): FlowNode[] {
  return graph.boxes.map((box) => ({
    id: box.id,
    type: box.data.kind,
    position: positions.get(box.id) ?? { x: 0, y: 0 },
    // A box the layout has not placed yet (just added) appears once it has its place.
    hidden: !positions.has(box.id),
    data: { flow: box.data, selected: box.id === selected },
    selected: box.id === selected,
    deletable: box.data.kind === 'message' || box.data.kind === 'handover',
    draggable: false,
    ariaLabel: boxLabel(t, box),
  }));
}

function toEdges(graph: FlowGraph, selectedLink: string | null, t: TFunction): Edge[] {
  const busiest = Math.max(1, ...graph.links.map((l) => l.traffic ?? 0));
  return graph.links.map((link) => {
    const color = link.broken ? 'var(--mantine-color-red-filled)' : 'var(--mantine-color-dimmed)';
    const width = link.traffic === null ? 1.5 : 1.5 + (8 * link.traffic) / busiest;
    const label =
      link.traffic === null ? link.label : [link.label, String(link.traffic)].filter(Boolean).join(' · ');
    return {
      id: link.id,
      source: link.source,
      sourceHandle: link.sourceHandle,
      target: link.target,
      targetHandle: 'in',
      label: label || undefined,
      selected: link.id === selectedLink,
      deletable: link.kind === 'reply' || link.kind === 'handover',
      focusable: link.kind === 'reply' || link.kind === 'handover',
      style: {
        strokeWidth: width,
        stroke: color,
        strokeDasharray: link.broken || link.kind === 'back' ? '6 4' : undefined,
      },
      // A marker is measured in stroke widths: the same arrow size on thin and thick edges.
      markerEnd: { type: MarkerType.ArrowClosed, color, width: 16 / width, height: 16 / width },
      ariaLabel: t('chatbots.flow.aria.edge', { label: link.label || '—', traffic: link.traffic ?? '—' }),
      data: { traffic: link.traffic },
    };
  });
}

/** React Flow's own words, in the reader's language. */
function ariaLabels(t: TFunction) {
  return {
    'node.a11yDescription.default': t('chatbots.flow.aria.nodeHelp'),
    'node.a11yDescription.keyboardDisabled': t('chatbots.flow.aria.nodeHelp'),
    'edge.a11yDescription.default': t('chatbots.flow.aria.edgeHelp'),
    'controls.ariaLabel': t('chatbots.flow.aria.controls'),
    'controls.zoomIn.ariaLabel': t('chatbots.flow.aria.zoomIn'),
    'controls.zoomOut.ariaLabel': t('chatbots.flow.aria.zoomOut'),
    'controls.fitView.ariaLabel': t('chatbots.flow.aria.fitView'),
    'handle.ariaLabel': t('chatbots.flow.aria.handle'),
  };
}

/**
 * The boxes React Flow holds: as derived from the graph, keeping the sizes it measured (it
 * measures again what changes size); the first time, the first view; after a change of structure,
 * the dots edges start from measured again.
 */
function useFlowNodes(
  derived: FlowNode[],
  graph: FlowGraph,
  positions: Map<string, Point> | null,
  selected: string | null,
) {
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const flow = useReactFlow<FlowNode, Edge>();
  const updateInternals = useUpdateNodeInternals();
  const fitted = useRef(false);
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setNodes((previous) => {
      const measured = new Map(previous.map((n) => [n.id, n.measured]));
      return derived.map((n) => ({ ...n, measured: measured.get(n.id) }));
    });
  }, [derived]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: positions change when the structure does
  useEffect(() => {
    if (!positions) return;
    updateInternals(graph.boxes.map((b) => b.id));
    const first = !fitted.current;
    fitted.current = true;
    requestAnimationFrame(() => {
      if (!frame.current) return;
      if (first) firstView(flow, graph, positions, frame.current);
      else followChange(flow, graph, positions, frame.current, selected);
    });
  }, [positions]);
  return { nodes, setNodes, frame };
}

/** What happens on the canvas, as the tab's callbacks: picking, letting go, deleting. */
function useCanvasEvents(
  props: FlowCanvasProps,
  setNodes: (change: (nodes: FlowNode[]) => FlowNode[]) => void,
) {
  const { graph, selected, selectedLink, onSelect, onSelectLink, onDelete } = props;
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const sizes = changes.filter((c) => c.type === 'dimensions');
      if (sizes.length > 0) setNodes((current) => applyNodeChanges(sizes, current));
      // One box is picked at a time: a change picking one wins over those letting others go.
      const picks = changes.filter((c) => c.type === 'select');
      const picked = picks.find((c) => c.selected);
      if (picked) onSelect(picked.id);
      else if (picks.some((c) => c.id === selected)) onSelect(null);
    },
    [onSelect, selected, setNodes],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const picks = changes.filter((c) => c.type === 'select');
      const picked = picks.find((c) => c.selected);
      if (picked) onSelectLink(picked.id);
      else if (picks.some((c) => c.id === selectedLink)) onSelectLink(null);
    },
    [onSelectLink, selectedLink],
  );
  // Delete (or Backspace) on the canvas deletes the box or the button's edge picked — only there:
  // the same key in the form beside edits its fields. A deleted box's incoming buttons stay in the
  // draft (they now lead nowhere, and say so).
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if ((event.key !== 'Delete' && event.key !== 'Backspace') || isTextField(event.target)) return;
      const box = graph.boxes.find((b) => b.id === selected);
      const link = graph.links.find((l) => l.id === selectedLink);
      const boxes = box && (box.data.kind === 'message' || box.data.kind === 'handover') ? [box.id] : [];
      const links = link && (link.kind === 'reply' || link.kind === 'handover') ? [link] : [];
      if (boxes.length === 0 && links.length === 0) return;
      event.preventDefault();
      onDelete({ boxes, links });
    },
    [graph, selected, selectedLink, onDelete],
  );
  const onPaneClick = useCallback(() => {
    onSelect(null);
    onSelectLink(null);
  }, [onSelect, onSelectLink]);
  return { onNodesChange, onEdgesChange, onPaneClick, onKeyDown };
}

/**
 * The decision tree drawn by React Flow at ELK's positions. Boxes are not dragged (their place
 * comes from the layout); they are picked (click, or Tab then Enter), connected by dragging from
 * a button's dot to a box, and deleted with Delete. The model stays the draft: every change here
 * goes back to the tab as an edit of the bundle.
 */
export function FlowCanvas(props: FlowCanvasProps) {
  const { t } = useTranslation();
  const { graph, selected, selectedLink } = props;
  const positions = useLayout(graph);
  const derived = useMemo(
    () => (positions ? toNodes(graph, positions, selected, t) : []),
    [graph, positions, selected, t],
  );
  const edges = useMemo(() => toEdges(graph, selectedLink, t), [graph, selectedLink, t]);
  const { nodes, setNodes, frame } = useFlowNodes(derived, graph, positions, selected);
  const { onKeyDown, ...events } = useCanvasEvents(props, setNodes);

  if (!positions) {
    return (
      <Center className={classes.canvas}>
        <Loader size="sm" role="status" aria-label={t('chatbots.flow.laying')} />
      </Center>
    );
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys reach it from the boxes and edges inside
    <div
      ref={frame}
      className={`${classes.canvas} ${classes.flow}`}
      onKeyDown={onKeyDown}
      data-testid="flow-canvas"
    >
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        {...events}
        onConnect={props.onConnect}
        isValidConnection={props.isValidConnection}
        deleteKeyCode={null}
        nodesDraggable={false}
        elementsSelectable
        nodesFocusable
        edgesFocusable
        minZoom={0.2}
        maxZoom={1.5}
        ariaLabelConfig={ariaLabels(t)}
        aria-label={t('chatbots.flow.aria.canvas')}
        proOptions={{ hideAttribution: true }}
      >
        <Panel position="top-left">{props.toolbar}</Panel>
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
