import type { QuestionnaireNode } from '../../bot.js';
import { startQuestionnaire } from '../questionnaire.js';
import type { NodeBehaviour } from './node.js';

/** Hands over to a questionnaire: a new session, and all its first messages. */
export const questionnaireNode: NodeBehaviour<QuestionnaireNode> = {
  enter(turn, node) {
    startQuestionnaire(turn, node.questionnaire_id, node.code);
  },
};
