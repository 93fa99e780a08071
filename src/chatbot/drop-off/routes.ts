import { DropOffQuery, DropOffView } from '../../../common/api/bot-drop-off.js';
import { BotParams } from '../../../common/api/chatbot.js';
import type { App, AppDeps } from '../../http/types.js';
import { requireBot } from '../queries.js';
import { dropOff } from './queries.js';

const admin = { access: ['admin'] as const };
const tags = ['chatbots'];

/** Where people drop off in a bot: the flow canvas's numbers (docs/chatbot-studio.md). */
export function dropOffRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/drop-off',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'Per step of the bot: conversations that reached it, went on, gave up, timed out, are still there; and per move between steps',
        params: BotParams,
        querystring: DropOffQuery,
        response: { 200: DropOffView },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const filter = {
        botId: bot.id,
        from: request.query.from ?? null,
        to: request.query.to ?? null,
        tag: request.query.tag ?? null,
      };
      const result = await dropOff(deps.db, filter);
      return { from: filter.from, to: filter.to, tag: filter.tag, ...result };
    },
  );
}
