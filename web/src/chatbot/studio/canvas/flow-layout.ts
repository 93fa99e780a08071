import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { FlowBox, FlowLink } from './flow-graph.js';

/**
 * Positions for the canvas's boxes, from ELK's layered layout (left to right, in the order a
 * conversation goes): boxes are not placed by hand — the bundle has no place for positions, and
 * a layout computed from the tree itself stays readable as it grows. Each box's outgoing edges
 * leave from ports in the order of its buttons, so edges cross as little as the tree allows.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

const elk = new ELK();

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  // Where the tree loops back (a "back" button), the edge against the input order is the one
  // reversed: the entry, first, stays at the left.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

function handlesOf(box: FlowBox, links: readonly FlowLink[]): string[] {
  return [...new Set(links.filter((l) => l.source === box.id).map((l) => l.sourceHandle))];
}

/** What decides the layout: boxes, their sizes and the edges (text edits do not move anything). */
export function layoutKey(boxes: readonly FlowBox[], links: readonly FlowLink[]): string {
  return JSON.stringify([
    boxes.map((b) => [b.id, b.width, b.height]),
    links.map((l) => [l.source, l.sourceHandle, l.target]),
  ]);
}

/** The entry's box first: the layout reads the input order as the order of the conversation. */
function entryFirst(boxes: readonly FlowBox[]): FlowBox[] {
  const isEntry = (box: FlowBox) => 'roles' in box.data && box.data.roles.includes('entry');
  return [...boxes.filter(isEntry), ...boxes.filter((box) => !isEntry(box))];
}

export async function layoutFlow(
  boxes: readonly FlowBox[],
  links: readonly FlowLink[],
): Promise<Map<string, Point>> {
  // "Back to start" closes the loop from a conversation's end to the welcome back: drawn, but left
  // out of the layout, so the end stays at the right.
  const laidLinks = links.filter((link) => link.kind !== 'back');
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: entryFirst(boxes).map((box) => ({
      id: box.id,
      width: box.width,
      height: box.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${box.id}:in`, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...handlesOf(box, laidLinks).map((handle, i) => ({
          id: `${box.id}:${handle}`,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
        })),
      ],
    })),
    edges: laidLinks.map((link) => ({
      id: link.id,
      sources: [`${link.source}:${link.sourceHandle}`],
      targets: [`${link.target}:in`],
    })),
  };
  const laid = await elk.layout(graph);
  return new Map((laid.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
