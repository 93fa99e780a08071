import {
  AnswersCsvQuery,
  BOT_CONVERSATION_LIMITS,
  BotConversationDetail,
  BotConversationPage,
  BotConversationParams,
  BotConversationsQuery,
  DeliveryFailureList,
  OutboxParams,
  RetryView,
} from '../../../common/api/bot-conversations.js';
import { BotParams } from '../../../common/api/chatbot.js';
import { NotFound } from '../../errors.js';
import type { App, AppDeps } from '../../http/types.js';
import { listFailures, retryFailed } from '../delivery/failures.js';
import { requireBot } from '../queries.js';
import { revisionCache } from '../revisions.js';
import { answersCsv } from './answers-csv.js';
import { cursorOf, presentConversation, presentConversationSummary, presentFailure } from './presenters.js';
import {
  type ConversationCursor,
  conversationMessages,
  findConversation,
  listConversations,
} from './queries.js';

const admin = { access: ['admin'] as const };
const tags = ['chatbots'];

/** `before` as the schema let it through (`<µs>.<id>`). */
function parseCursor(before: string | undefined): ConversationCursor | null {
  if (before === undefined) return null;
  const [us, id] = before.split('.');
  return { startedUs: Number(us), id: Number(id) };
}

/**
 * What admins read of a bot's live conversations (docs/chatbot.md, "Conversations page"): the list,
 * a transcript with its answers, the answers of a questionnaire as CSV, and failed deliveries.
 */
export function conversationRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/conversations',
    {
      config: admin,
      schema: {
        tags,
        summary: "A bot's conversations, newest first (pass `next` as `before` for older ones)",
        params: BotParams,
        querystring: BotConversationsQuery,
        response: { 200: BotConversationPage },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const limit = request.query.limit ?? BOT_CONVERSATION_LIMITS.page;
      const rows = await listConversations(deps.db, bot.id, {
        before: parseCursor(request.query.before),
        limit,
      });
      const last = rows.at(-1);
      return {
        conversations: rows.map(presentConversationSummary),
        next: last && rows.length === limit ? cursorOf(last) : null,
      };
    },
  );

  app.get(
    '/api/bot-conversations/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'One conversation: its transcript (with delivery status), state and answers',
        params: BotConversationParams,
        response: { 200: BotConversationDetail },
      },
    },
    async (request) => {
      const row = await findConversation(deps.db, request.params.id);
      if (!row) throw new NotFound('Conversation');
      const [messages, revision] = await Promise.all([
        conversationMessages(deps.db, row.id),
        revisionCache.load(deps.db, row.revision_id),
      ]);
      return presentConversation(row, messages, revision.bundle);
    },
  );

  app.get(
    '/api/bots/:id/answers.csv',
    {
      config: admin,
      schema: {
        tags,
        summary:
          'The answers to a questionnaire as CSV: one row per conversation, one column per question code',
        params: BotParams,
        querystring: AnswersCsvQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const bot = await requireBot(deps.db, request.params.id);
      const { questionnaire } = request.query;
      const csv = await answersCsv(deps.db, bot.id, questionnaire);
      const file = `${bot.name}-${questionnaire}-answers.csv`.replace(/[^\p{L}\p{N}_.-]+/gu, '-');
      reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
      return reply.send(csv);
    },
  );

  failureRoutes(app, deps);
}

function failureRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/bots/:id/delivery-failures',
    {
      config: admin,
      schema: {
        tags,
        summary: "A bot's messages whose delivery failed, the most recent first",
        params: BotParams,
        response: { 200: DeliveryFailureList },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const rows = await listFailures(deps.db, bot.id, BOT_CONVERSATION_LIMITS.failuresMax);
      return { failures: rows.map(presentFailure) };
    },
  );

  app.post(
    '/api/outbox/:id/retry',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send a failed message again, with the failed messages after it in its conversation',
        params: OutboxParams,
        response: { 200: RetryView },
      },
    },
    async (request) => retryFailed(deps.db, request.params.id, deps.now()),
  );
}
