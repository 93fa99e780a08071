import { enterNode } from './nodes/index.js';
import { startQuestionnaire } from './questionnaire.js';
import type { Turn } from './turn.js';

/**
 * Does the restarts the turn's steps asked for: ends the conversation as finished and starts a
 * new one in `restart_questionnaire` (or at `entry` when the bot has none). A restart
 * questionnaire that restarts at once asks again, up to the turn's bound.
 */
export function restartIfAsked(turn: Turn): void {
  while (turn.takeRestart()) {
    if (!turn.allowRestart()) {
      turn.end('error', { error: 'restart loop: the restart questionnaire restarts at once' });
      return;
    }
    turn.end('finished');
    turn.newConversation();
    const restartId = turn.bot.restart_questionnaire;
    if (restartId === null) enterNode(turn, turn.bot.entry);
    else startQuestionnaire(turn, restartId, null);
  }
}
