import type { EditableBundle } from '../bundle-model.js';
import type { BotNode } from '../engine.js';

/**
 * The flow canvas's edits of the draft's decision tree, as pure functions: each returns a new
 * bundle. Nodes are known by their position in `bot.nodes` (a code may be empty or repeated while
 * someone edits); a quick reply's `metadata` is the code of the node it leads to. Nothing here
 * refuses what the validator reports (an empty label, a target that does not exist): the canvas
 * shows the validator's word on the node instead.
 */

type TextMessage = Extract<BotNode, { type: 'text_message' }>;
type QuickReply = TextMessage['quick_replies'][number];

function withNodes(bundle: EditableBundle, nodes: readonly BotNode[]): EditableBundle {
  return { ...bundle, bot: { ...bundle.bot, nodes } };
}

/** `base` when no node has it, else `base_2`, `base_3`… */
export function freeNodeCode(bundle: EditableBundle, base: string): string {
  const used = new Set(bundle.bot.nodes.map((node) => node.code));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** The next `node_<n>` code no node has. */
function nextNodeCode(bundle: EditableBundle): string {
  const used = new Set(bundle.bot.nodes.map((node) => node.code));
  for (let n = bundle.bot.nodes.length + 1; ; n++) if (!used.has(`node_${n}`)) return `node_${n}`;
}

export interface Added {
  readonly bundle: EditableBundle;
  /** The new node's position. */
  readonly index: number;
}

/** A new text message, empty: its text and buttons are written in the inspector. */
export function addMessage(bundle: EditableBundle): Added {
  const node: BotNode = {
    code: nextNodeCode(bundle),
    type: 'text_message',
    messages: [''],
    quick_replies: [],
    attachment: null,
  };
  return { bundle: withNodes(bundle, [...bundle.bot.nodes, node]), index: bundle.bot.nodes.length };
}

/** A new hand-over to a questionnaire (the first one, when there is one). */
export function addHandOver(bundle: EditableBundle, questionnaireId?: string): Added {
  const id = questionnaireId ?? bundle.questionnaires[0]?.id ?? '';
  const node: BotNode = {
    code: freeNodeCode(bundle, id === '' ? nextNodeCode(bundle) : `node_${id}`),
    type: 'questionnaire',
    questionnaire_id: id,
  };
  return { bundle: withNodes(bundle, [...bundle.bot.nodes, node]), index: bundle.bot.nodes.length };
}

export function replaceNode(bundle: EditableBundle, index: number, node: BotNode): EditableBundle {
  return withNodes(
    bundle,
    bundle.bot.nodes.map((old, i) => (i === index ? node : old)),
  );
}

/**
 * Deletes a node. Buttons that led to it are kept (they now lead nowhere, and the validator says
 * so on their nodes), so nothing else changes unseen; undo brings the node back.
 */
export function deleteNode(bundle: EditableBundle, index: number): EditableBundle {
  return withNodes(
    bundle,
    bundle.bot.nodes.filter((_, i) => i !== index),
  );
}

export type RenameRefusal = 'empty' | 'taken';

export type Renamed =
  | { readonly ok: true; readonly bundle: EditableBundle }
  | { readonly ok: false; readonly refused: RenameRefusal };

/**
 * A node under a new code, and everything that names it: buttons leading to it, the entry and
 * welcome-back roles, tag scenarios that check it. Refused when empty or another node has it.
 */
export function renameNode(bundle: EditableBundle, index: number, wanted: string): Renamed {
  const code = wanted.trim();
  const node = bundle.bot.nodes[index];
  if (!node) return { ok: true, bundle };
  if (code === '') return { ok: false, refused: 'empty' };
  if (code === node.code) return { ok: true, bundle };
  if (bundle.bot.nodes.some((other, i) => i !== index && other.code === code))
    return { ok: false, refused: 'taken' };
  const old = node.code;
  const follow = (value: string) => (value === old ? code : value);
  const nodes = bundle.bot.nodes.map((n, i): BotNode => {
    const renamed = i === index ? { ...n, code } : n;
    if (renamed.type !== 'text_message') return renamed;
    return {
      ...renamed,
      quick_replies: renamed.quick_replies.map((reply) => ({ ...reply, metadata: follow(reply.metadata) })),
    };
  });
  const tags = bundle.bot.tag_code_config;
  const renamed: EditableBundle = {
    ...bundle,
    bot: {
      ...bundle.bot,
      entry: follow(bundle.bot.entry),
      welcome_back: follow(bundle.bot.welcome_back),
      nodes,
      tag_code_config: {
        ...tags,
        scenarios: tags.scenarios.map((s) => ({ ...s, check_code: follow(s.check_code) })),
      },
    },
  };
  return { ok: true, bundle: renamed };
}

function withReplies(
  bundle: EditableBundle,
  index: number,
  change: (replies: readonly QuickReply[]) => readonly QuickReply[],
): EditableBundle {
  const node = bundle.bot.nodes[index];
  if (node?.type !== 'text_message') return bundle;
  return replaceNode(bundle, index, { ...node, quick_replies: change(node.quick_replies) });
}

/** A new button on a text message, leading to `target` (a node's code; '' for none yet). */
export function addReply(bundle: EditableBundle, index: number, target = '', label = ''): EditableBundle {
  return withReplies(bundle, index, (replies) => [...replies, { label, metadata: target }]);
}

export function updateReply(
  bundle: EditableBundle,
  index: number,
  reply: number,
  change: Partial<QuickReply>,
): EditableBundle {
  return withReplies(bundle, index, (replies) =>
    replies.map((r, j) => (j === reply ? { ...r, ...change } : r)),
  );
}

export function removeReply(bundle: EditableBundle, index: number, reply: number): EditableBundle {
  return withReplies(bundle, index, (replies) => replies.filter((_, j) => j !== reply));
}

export function moveReply(bundle: EditableBundle, index: number, from: number, to: number): EditableBundle {
  return withReplies(bundle, index, (replies) => {
    if (to < 0 || to >= replies.length || from === to) return replies;
    const list = [...replies];
    const [moved] = list.splice(from, 1);
    list.splice(to, 0, moved as QuickReply);
    return list;
  });
}

/** A hand-over node now starts another questionnaire. */
export function handOverTo(bundle: EditableBundle, index: number, questionnaireId: string): EditableBundle {
  const node = bundle.bot.nodes[index];
  if (node?.type !== 'questionnaire') return bundle;
  return replaceNode(bundle, index, { ...node, questionnaire_id: questionnaireId });
}

export type Role = 'entry' | 'welcome_back';

export function setRole(bundle: EditableBundle, role: Role, code: string): EditableBundle {
  return { ...bundle, bot: { ...bundle.bot, [role]: code } };
}

/** The questionnaire a restart end button starts again (null: restart at the entry). */
export function setRestart(bundle: EditableBundle, questionnaireId: string | null): EditableBundle {
  return { ...bundle, bot: { ...bundle.bot, restart_questionnaire: questionnaireId } };
}
