import type { BotNode } from '../../bot.js';
import { findNode } from '../../bot.js';
import type { Turn } from '../turn.js';
import type { NodeBehaviour } from './node.js';
import { questionnaireNode } from './questionnaire-node.js';
import { textMessageNode } from './text-message.js';

type NodeType = BotNode['type'];

/** What each kind of node does when entered: a literal map, complete by type. */
export const NODE_KINDS: { readonly [T in NodeType]: NodeBehaviour<Extract<BotNode, { type: T }>> } = {
  text_message: textMessageNode,
  questionnaire: questionnaireNode,
};

function enterAs<T extends NodeType>(turn: Turn, node: Extract<BotNode, { type: T }>, type: T): void {
  const behaviour: NodeBehaviour<Extract<BotNode, { type: T }>> = NODE_KINDS[type];
  behaviour.enter(turn, node);
}

/** Goes to a node: records the step, then lets the node's kind act. */
export function enterNode(turn: Turn, code: string): void {
  const node = findNode(turn.bot, code);
  if (!node) {
    turn.end('error', { error: `node '${code}' not found` });
    return;
  }
  turn.step(node.code, 'DURING_DECISION_TREE', null);
  enterAs(turn, node, node.type);
}
