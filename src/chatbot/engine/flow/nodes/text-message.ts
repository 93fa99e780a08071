import type { TextMessageNode } from '../../bot.js';
import { encodeChoice } from '../../choices.js';
import { message } from '../../messages.js';
import type { NodeBehaviour } from './node.js';

/** Sends the node's messages as one text (joined by line breaks) with its quick replies. */
export const textMessageNode: NodeBehaviour<TextMessageNode> = {
  enter(turn, node) {
    turn.position = { at: 'node', node: node.code };
    const options = node.quick_replies.map((reply) => ({
      label: reply.label,
      value: encodeChoice({ kind: 'node', node: reply.metadata }),
    }));
    turn.send(message(node.messages.join('\n'), options, node.attachment ?? null));
  },
};
