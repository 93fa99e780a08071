import type { DropOffView } from '../../../../../common/api/bot-drop-off.js';
import type { EditableBundle } from '../bundle-model.js';
import type { Issue } from '../engine.js';

/**
 * The draft's decision tree as a graph to draw (pure; the canvas adds positions and React Flow):
 * a box per node — text messages with their quick replies as outgoing edges, hand-overs to a
 * questionnaire — a box per questionnaire (where a conversation finishes, then "back to start"
 * leads to the welcome-back node), and a red box for each target that does not exist. Every
 * validation issue is put on the box its JSON path is in; what is in none (the bot's settings)
 * is listed apart. With drop-off numbers, each box carries its step's and each edge its traffic.
 */

export interface StepNumbers {
  readonly reached: number;
  readonly went_on: number;
  readonly gave_up: number;
  readonly timed_out: number;
  readonly still_there: number;
}

export type NodeRole = 'entry' | 'welcome_back';

interface Numbered {
  /** Null: no drop-off numbers shown (or none for this step). */
  readonly numbers: StepNumbers | null;
  /** Among the steps most conversations left from. */
  readonly biggest: boolean;
}

export interface ReplyView {
  readonly label: string;
  readonly target: string;
}

export interface MessageData extends Numbered {
  readonly kind: 'message';
  readonly index: number;
  readonly code: string;
  readonly text: string;
  readonly replies: readonly ReplyView[];
  readonly roles: readonly NodeRole[];
  /** The validator's errors on this node (publishing is refused while there are any). */
  readonly issues: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export interface HandOverData extends Numbered {
  readonly kind: 'handover';
  readonly index: number;
  readonly code: string;
  readonly questionnaireId: string;
  /** Null when no questionnaire has that id. */
  readonly questionnaireName: string | null;
  readonly roles: readonly NodeRole[];
  readonly issues: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export interface QuestionView extends Numbered {
  readonly code: string;
}

export interface QuestionnaireData {
  readonly kind: 'questionnaire';
  readonly qi: number;
  readonly id: string;
  readonly name: string;
  /** A restart end button starts it again. */
  readonly restart: boolean;
  readonly questions: readonly QuestionView[];
  readonly issues: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export interface EndData {
  readonly kind: 'end';
}

export interface MissingData {
  readonly kind: 'missing';
  /** The node code or questionnaire id that is not there. */
  readonly code: string;
  readonly of: 'node' | 'questionnaire';
}

export type FlowData = MessageData | HandOverData | QuestionnaireData | EndData | MissingData;

export interface FlowBox {
  readonly id: string;
  readonly data: FlowData;
  /** Estimated size for the layout (the boxes are this wide; their height follows the content). */
  readonly width: number;
  readonly height: number;
}

export type EdgeKind = 'reply' | 'handover' | 'finish' | 'back';

export interface FlowLink {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  /** For a reply: its node and position; for a hand-over: its node. */
  readonly index?: number;
  readonly reply?: number;
  readonly label: string;
  /** Conversations that went this way (null: no numbers shown). */
  readonly traffic: number | null;
  /** Leads to something that does not exist. */
  readonly broken: boolean;
}

export interface FlowGraph {
  readonly boxes: readonly FlowBox[];
  readonly links: readonly FlowLink[];
  /** Issues on no box: the bot's settings (its timeout, labels, tags…). */
  readonly botIssues: readonly Issue[];
  readonly botWarnings: readonly Issue[];
}

export const BOX_WIDTH = 260;

export const nodeId = (index: number) => `n${index}`;
export const questionnaireBoxId = (qi: number) => `q${qi}`;
export const END_ID = 'end';

/** The box an issue's JSON path is in: `bot.nodes[i]…` or `questionnaires[k]…`; null for neither. */
export function boxOfIssue(path: string): string | null {
  const node = /^bot\.nodes\[(\d+)\]/.exec(path);
  if (node) return nodeId(Number(node[1]));
  const questionnaire = /^questionnaires\[(\d+)\]/.exec(path);
  if (questionnaire) return questionnaireBoxId(Number(questionnaire[1]));
  return null;
}

/** The steps most conversations left from (gave up or timed out), at most `count`, most first. */
export function biggestDropOffs(dropOff: DropOffView | null, count = 3): Set<string> {
  if (!dropOff) return new Set();
  const lost = (s: StepNumbers) => s.gave_up + s.timed_out;
  const ranked = dropOff.steps
    .filter((s) => lost(s) > 0)
    .sort(
      (a, b) => lost(b) - lost(a) || lost(b) / b.reached - lost(a) / a.reached || (a.code < b.code ? -1 : 1),
    );
  return new Set(ranked.slice(0, count).map((s) => s.code));
}

export interface StepLookup {
  /** A step's numbers; zeros for a step nobody reached; null when no numbers are shown. */
  numbers(code: string): StepNumbers | null;
  /** Among the steps most conversations left from (marked "Big drop-off"). */
  biggest(code: string): boolean;
}

const ZERO: StepNumbers = { reached: 0, went_on: 0, gave_up: 0, timed_out: 0, still_there: 0 };

/**
 * Numbers per step code, the same on the canvas and in the questionnaire list (a question is the
 * step of its code).
 */
export function stepLookup(dropOff: DropOffView | null): StepLookup {
  const steps = new Map((dropOff?.steps ?? []).map((s) => [s.code, s]));
  const biggest = biggestDropOffs(dropOff);
  return {
    numbers: (code) => steps.get(code) ?? (dropOff ? ZERO : null),
    biggest: (code) => biggest.has(code),
  };
}

interface Context {
  readonly bundle: EditableBundle;
  readonly issuesByBox: Map<string, Issue[]>;
  readonly warningsByBox: Map<string, Issue[]>;
  readonly steps: StepLookup;
  readonly moves: Map<string, number> | null;
}

const moveKey = (from: string, to: string) => `${from}\u0000${to}`;

function numbered(ctx: Context, code: string): Numbered {
  return { numbers: ctx.steps.numbers(code), biggest: ctx.steps.biggest(code) };
}

/** Issues by the box their path is in, and those in none. */
function byBox(issues: readonly Issue[]): { boxes: Map<string, Issue[]>; rest: Issue[] } {
  const boxes = new Map<string, Issue[]>();
  const rest: Issue[] = [];
  for (const issue of issues) {
    const box = boxOfIssue(issue.path);
    if (box === null) rest.push(issue);
    else boxes.set(box, [...(boxes.get(box) ?? []), issue]);
  }
  return { boxes, rest };
}

/** The graph of a draft, the validator's errors and warnings, and (when shown) its drop-off numbers. */
export function flowGraph(
  bundle: EditableBundle,
  validation: { readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] },
  dropOff: DropOffView | null,
  backToStart: string,
): FlowGraph {
  const errors = byBox(validation.errors);
  const warnings = byBox(validation.warnings);
  const ctx: Context = {
    bundle,
    issuesByBox: errors.boxes,
    warningsByBox: warnings.boxes,
    steps: stepLookup(dropOff),
    moves: dropOff ? new Map(dropOff.moves.map((m) => [moveKey(m.from, m.to), m.conversations])) : null,
  };
  const boxes: FlowBox[] = [];
  const links: FlowLink[] = [];
  const missing = new Map<string, FlowBox>();
  const firstNode = new Map<string, number>();
  bundle.bot.nodes.forEach((node, i) => {
    if (!firstNode.has(node.code)) firstNode.set(node.code, i);
  });
  bundle.bot.nodes.forEach((_, i) => {
    nodeBox(ctx, i, firstNode, boxes, links, missing);
  });
  bundle.questionnaires.forEach((questionnaire, qi) => {
    const questions = questionnaire.questions.map((q) => ({ code: q.code, ...numbered(ctx, q.code) }));
    boxes.push({
      id: questionnaireBoxId(qi),
      data: {
        kind: 'questionnaire',
        qi,
        id: questionnaire.id,
        name: questionnaire.name,
        restart: bundle.bot.restart_questionnaire === questionnaire.id,
        questions,
        issues: ctx.issuesByBox.get(questionnaireBoxId(qi)) ?? [],
        warnings: ctx.warningsByBox.get(questionnaireBoxId(qi)) ?? [],
      },
      width: BOX_WIDTH,
      height: 96 + 22 * Math.min(questions.length, 12),
    });
    links.push({
      id: `finish${qi}`,
      kind: 'finish',
      source: questionnaireBoxId(qi),
      sourceHandle: 'out',
      target: END_ID,
      label: '',
      traffic: null,
      broken: false,
    });
  });
  if (bundle.questionnaires.length > 0) {
    boxes.push({ id: END_ID, data: { kind: 'end' }, width: 180, height: 56 });
    const welcome = firstNode.get(bundle.bot.welcome_back);
    if (welcome !== undefined) {
      links.push({
        id: 'back',
        kind: 'back',
        source: END_ID,
        sourceHandle: 'out',
        target: nodeId(welcome),
        label: backToStart,
        traffic: null,
        broken: false,
      });
    }
  }
  boxes.push(...missing.values());
  return { boxes, links, botIssues: errors.rest, botWarnings: warnings.rest };
}

function rolesOf(bundle: EditableBundle, code: string): NodeRole[] {
  const roles: NodeRole[] = [];
  if (bundle.bot.entry === code) roles.push('entry');
  if (bundle.bot.welcome_back === code) roles.push('welcome_back');
  return roles;
}

function missingBox(missing: Map<string, FlowBox>, code: string, of: 'node' | 'questionnaire'): string {
  const id = `missing-${of}:${code}`;
  if (!missing.has(id)) missing.set(id, { id, data: { kind: 'missing', code, of }, width: 180, height: 56 });
  return id;
}

function nodeBox(
  ctx: Context,
  i: number,
  firstNode: Map<string, number>,
  boxes: FlowBox[],
  links: FlowLink[],
  missing: Map<string, FlowBox>,
): void {
  const { bundle } = ctx;
  const node = bundle.bot.nodes[i];
  if (!node) return;
  const id = nodeId(i);
  const common = {
    index: i,
    code: node.code,
    roles: rolesOf(bundle, node.code),
    issues: ctx.issuesByBox.get(id) ?? [],
    warnings: ctx.warningsByBox.get(id) ?? [],
  };
  if (node.type === 'questionnaire') {
    const qi = bundle.questionnaires.findIndex((q) => q.id === node.questionnaire_id);
    boxes.push({
      id,
      data: {
        kind: 'handover',
        ...common,
        questionnaireId: node.questionnaire_id,
        questionnaireName: bundle.questionnaires[qi]?.name ?? null,
        ...numbered(ctx, node.code),
      },
      width: BOX_WIDTH,
      height: 120,
    });
    if (node.questionnaire_id === '') return;
    const target =
      qi >= 0 ? questionnaireBoxId(qi) : missingBox(missing, node.questionnaire_id, 'questionnaire');
    const numbers = ctx.steps.numbers(node.code);
    links.push({
      id: `h${i}`,
      kind: 'handover',
      source: id,
      sourceHandle: 'q',
      target,
      index: i,
      label: '',
      traffic: ctx.moves ? (numbers?.went_on ?? 0) : null,
      broken: qi < 0,
    });
    return;
  }
  const replies = node.quick_replies.map((r) => ({ label: r.label, target: r.metadata }));
  boxes.push({
    id,
    data: {
      kind: 'message',
      ...common,
      text: node.messages.join('\n'),
      replies,
      ...numbered(ctx, node.code),
    },
    width: BOX_WIDTH,
    height: 128 + 26 * replies.length,
  });
  node.quick_replies.forEach((reply, j) => {
    if (reply.metadata === '') return;
    const known = firstNode.get(reply.metadata);
    links.push({
      id: `r${i}.${j}`,
      kind: 'reply',
      source: id,
      sourceHandle: `r${j}`,
      target: known !== undefined ? nodeId(known) : missingBox(missing, reply.metadata, 'node'),
      index: i,
      reply: j,
      label: reply.label,
      traffic: ctx.moves ? (ctx.moves.get(moveKey(node.code, reply.metadata)) ?? 0) : null,
      broken: known === undefined,
    });
  });
}
