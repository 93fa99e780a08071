import { Type } from 'typebox';
import { TELEGRAM_SECRET_HEADER, type TelegramCredentials } from '../../../../common/api/channels.js';
import { IdParams, int4IdOf } from '../../../../common/api/typebox.js';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import { Unauthenticated } from '../../../errors.js';
import type { App, AppDeps } from '../../../http/types.js';
import { receive } from '../../runtime.js';
import { channelCache } from '../channel-cache.js';
import { resolveInput } from '../long-values.js';
import { runtimeDepsOf } from '../runtime-deps.js';
import { safeEqual } from '../safe-equal.js';
import { normaliseUpdate } from './updates.js';

/** The webhook's answer: empty, or Telegram's answerCallbackQuery for a button press. */
const WebhookReply = Type.Object({
  method: Type.Optional(Type.Literal('answerCallbackQuery')),
  callback_query_id: Type.Optional(Type.String()),
});

/**
 * `POST /api/channels/:id/telegram`: the webhook Telegram calls with each update (registered by
 * `parley channel telegram register-webhook`). The `X-Telegram-Bot-Api-Secret-Token` header is
 * compared with the channel's secret (constant time) before the body is looked at: a request
 * without it is 401 and nothing is stored. An update Parley does not handle is answered 200 and
 * dropped (Telegram would send it again otherwise). A button press is answered, in the webhook's
 * reply, with answerCallbackQuery (Telegram stops the button's spinner).
 */
export function telegramChannelRoutes(app: App, deps: AppDeps): void {
  const channels = channelCache<TelegramCredentials>(deps, 'telegram');
  const runtime = runtimeDepsOf(deps, app.log);
  app.post(
    '/api/channels/:id/telegram',
    {
      config: { access: 'public' },
      bodyLimit: CHANNEL_LIMITS.inboundBodyMaxBytes,
      schema: {
        tags: ['channels'],
        summary: 'Telegram webhook (updates of the bot, with its secret token)',
        params: IdParams,
        headers: Type.Object({ [TELEGRAM_SECRET_HEADER]: Type.Optional(Type.String()) }),
        response: { 200: WebhookReply },
        security: [],
      },
      preValidation: async (request) => {
        const id = int4IdOf((request.params as { id?: unknown }).id);
        if (id === null) return;
        const { secret } = await channels.get(id);
        const given = request.headers[TELEGRAM_SECRET_HEADER];
        if (typeof given !== 'string' || secret === '' || !safeEqual(given, secret))
          throw new Unauthenticated(`${TELEGRAM_SECRET_HEADER} is missing or wrong.`, 'bad_signature');
      },
    },
    async (request) => {
      const { channel } = await channels.get(request.params.id);
      const event = normaliseUpdate(request.body);
      if (event === null) return {};
      const answer = event.callbackQueryId
        ? { method: 'answerCallbackQuery' as const, callback_query_id: event.callbackQueryId }
        : {};
      const input = await resolveInput(deps.db, channel.id, event.input);
      if (input === null) return answer;
      await receive(runtime, {
        botId: channel.bot_id,
        channel: 'telegram',
        channelId: channel.id,
        handle: event.handle,
        replyTo: event.chatId,
        eventId: event.eventId,
        input,
        now: deps.now(),
      });
      return answer;
    },
  );
}
