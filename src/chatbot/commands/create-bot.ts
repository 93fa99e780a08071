import type { Db } from '../../db/index.js';
import type { BotRow } from '../../db/rows.js';
import { Conflict, Invalid, isUniqueViolation } from '../../errors.js';
import type { BotBundle } from '../engine/index.js';
import { addRevision } from './add-revision.js';

/** What a new bot starts with: one greeting node, no questionnaire. */
export const STARTER_BUNDLE: BotBundle = {
  bot: {
    entry: 'node_start',
    welcome_back: 'node_start',
    restart_questionnaire: null,
    timeout_seconds: 86400,
    timeout_message: 'Vamos nos falar mais tarde!',
    error_msg: 'Não entendi! Use os botões abaixo.',
    restart_keywords: ['reiniciar'],
    end_message: null,
    labels: {},
    nodes: [
      { code: 'node_start', type: 'text_message', messages: ['Olá!'], quick_replies: [], attachment: null },
    ],
    tag_code_config: { default: 0, scenarios: [] },
  },
  questionnaires: [],
};

/** Creates a bot with the starter config as its revision 1. */
export async function createBot(db: Db, input: { name: string; actorId: number | null }): Promise<BotRow> {
  const name = input.name.trim();
  if (name === '') throw new Invalid('A bot name is needed.', undefined, 'bot_name_required');
  try {
    return await db.transaction().execute(async (trx) => {
      const bot = await trx.insertInto('bots').values({ name }).returningAll().executeTakeFirstOrThrow();
      const revision = await addRevision(trx, {
        bot,
        bundle: STARTER_BUNDLE,
        source: 'created',
        actorId: input.actorId,
      });
      return { ...bot, current_revision_id: revision.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`A bot named ${name} already exists.`, 'bot_name_taken');
    throw error;
  }
}
