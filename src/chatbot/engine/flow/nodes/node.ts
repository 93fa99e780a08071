import type { BotNode } from '../../bot.js';
import type { Turn } from '../turn.js';

/** What entering one kind of decision-tree node does. */
export interface NodeBehaviour<N extends BotNode> {
  enter(turn: Turn, node: N): void;
}
