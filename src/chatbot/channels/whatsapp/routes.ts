import { Type } from 'typebox';
import {
  WHATSAPP_SIGNATURE_HEADER,
  type WhatsAppChannelSettings,
  type WhatsAppCredentials,
} from '../../../../common/api/channels.js';
import { IdParams, int4IdOf } from '../../../../common/api/typebox.js';
import { Forbidden, Unauthenticated } from '../../../errors.js';
import type { App, AppDeps } from '../../../http/types.js';
import { receive } from '../../runtime.js';
import { channelCache } from '../channel-cache.js';
import { resolveInput } from '../long-values.js';
import { keepRawJsonBody } from '../raw-body.js';
import { runtimeDepsOf } from '../runtime-deps.js';
import { safeEqual } from '../safe-equal.js';
import { readPayload } from './payload.js';
import { verifyHubSignature } from './signature.js';
import { recordStatuses } from './statuses.js';

const VerifyQuery = Type.Object({
  'hub.mode': Type.Optional(Type.String({ maxLength: 50 })),
  'hub.verify_token': Type.Optional(Type.String({ maxLength: 500 })),
  'hub.challenge': Type.Optional(Type.String({ maxLength: 200 })),
});

/**
 * The WhatsApp Cloud API webhook, `/api/channels/:id/whatsapp` (the callback URL given to Meta):
 * - `GET` is Meta's verification: `hub.mode=subscribe` with the channel's verify token (its
 *   secret, compared in constant time) is answered with `hub.challenge`; anything else 403.
 * - `POST` carries messages and status reports, signed: `X-Hub-Signature-256` is checked over the
 *   raw bytes with the app secret before the body is looked at (401, nothing stored). Each message
 *   runs as a turn (its id is the event id: a redelivery is a duplicate); statuses are recorded on
 *   the outbox rows. Anything Parley does not handle is answered 200 and dropped.
 */
export function whatsappChannelRoutes(app: App, deps: AppDeps): void {
  const channels = channelCache<WhatsAppCredentials>(deps, 'whatsapp');
  const runtime = runtimeDepsOf(deps, app.log);
  app.get(
    '/api/channels/:id/whatsapp',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: "WhatsApp webhook verification (Meta's hub.challenge)",
        params: IdParams,
        querystring: VerifyQuery,
        security: [],
      },
    },
    async (request, reply) => {
      const { secret } = await channels.get(request.params.id);
      const query = request.query;
      const token = query['hub.verify_token'];
      const challenge = query['hub.challenge'] ?? '';
      if (
        query['hub.mode'] !== 'subscribe' ||
        token === undefined ||
        secret === '' ||
        !safeEqual(token, secret)
      )
        throw new Forbidden('hub.verify_token does not match the channel.', 'bad_signature');
      if (!/^[A-Za-z0-9._-]{1,200}$/.test(challenge))
        throw new Forbidden('hub.challenge is missing or malformed.', 'bad_signature');
      return reply.type('text/plain; charset=utf-8').send(challenge);
    },
  );
  void app.register(async (plain) => {
    const scope = plain as App;
    keepRawJsonBody(scope);
    scope.post(
      '/api/channels/:id/whatsapp',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'WhatsApp webhook (messages and statuses, signed with the app secret)',
          params: IdParams,
          headers: Type.Object({ [WHATSAPP_SIGNATURE_HEADER]: Type.Optional(Type.String()) }),
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
          security: [],
        },
        preValidation: async (request) => {
          const id = int4IdOf((request.params as { id?: unknown }).id);
          if (id === null) return;
          const { credentials } = await channels.get(id);
          const header = request.headers[WHATSAPP_SIGNATURE_HEADER];
          const ok =
            credentials !== null &&
            typeof header === 'string' &&
            verifyHubSignature(credentials.app_secret, header, request.rawBody ?? Buffer.alloc(0));
          if (!ok)
            throw new Unauthenticated(
              `${WHATSAPP_SIGNATURE_HEADER} does not match the body.`,
              'bad_signature',
            );
        },
      },
      async (request) => {
        const { channel } = await channels.get(request.params.id);
        const settings = channel.settings as WhatsAppChannelSettings;
        const payload = readPayload(request.body, settings.phone_number_id);
        // One person's messages of one payload in order; Meta sends them a few at a time.
        for (const event of payload.events) {
          const input = await resolveInput(deps.db, channel.id, event.input);
          if (input === null) continue;
          await receive(runtime, {
            botId: channel.bot_id,
            channel: 'whatsapp',
            channelId: channel.id,
            handle: event.from,
            replyTo: event.from,
            eventId: event.eventId,
            input,
            now: deps.now(),
          });
        }
        await recordStatuses(deps.db, channel.id, payload.statuses, deps.now());
        return { status: 'ok' as const };
      },
    );
  });
}
