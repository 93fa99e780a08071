import { timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import {
  TWITTER_SIGNATURE_HEADER,
  type TwitterChannelSettings,
  type TwitterCredentials,
} from '../../../../common/api/channels.js';
import { IdParams, int4IdOf } from '../../../../common/api/typebox.js';
import { Invalid, Unauthenticated } from '../../../errors.js';
import type { App, AppDeps } from '../../../http/types.js';
import { receive } from '../../runtime.js';
import { channelCache } from '../channel-cache.js';
import { resolveInput } from '../long-values.js';
import { keepRawJsonBody } from '../raw-body.js';
import { runtimeDepsOf } from '../runtime-deps.js';
import { readEvents, twitterSignature } from './events.js';

const CrcQuery = Type.Object({ crc_token: Type.Optional(Type.String({ maxLength: 500 })) });
const CRC_TOKEN = /^[A-Za-z0-9+/=_-]{1,200}$/;

/**
 * The Account Activity webhook, `/api/channels/:id/twitter` (registered by `parley channel twitter
 * register-webhook`):
 * - `GET ?crc_token=` is Twitter's challenge-response check: answered with
 *   `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}`.
 * - `POST` carries the account's activity, signed: `x-twitter-webhooks-signature` is checked over
 *   the raw bytes before the body is looked at (401, nothing stored). Each direct message event
 *   runs as a turn (its id is the event id); echoes and other activity are answered 200 and dropped.
 */
export function twitterChannelRoutes(app: App, deps: AppDeps): void {
  const channels = channelCache<TwitterCredentials>(deps, 'twitter');
  const runtime = runtimeDepsOf(deps, app.log);
  app.get(
    '/api/channels/:id/twitter',
    {
      config: { access: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Twitter/X webhook challenge (CRC)',
        params: IdParams,
        querystring: CrcQuery,
        response: { 200: Type.Object({ response_token: Type.String() }) },
        security: [],
      },
    },
    async (request) => {
      const { credentials } = await channels.get(request.params.id);
      const token = request.query.crc_token;
      // The answer is the HMAC a POST is signed with: were any text accepted, a caller could have
      // a JSON body of their own signed. Twitter's tokens are base64; no JSON body is.
      if (token === undefined || !CRC_TOKEN.test(token))
        throw new Invalid('crc_token is missing or malformed.', [
          { path: 'querystring/crc_token', message: 'must be base64 text' },
        ]);
      if (!credentials) throw new Unauthenticated('The channel has no consumer secret.', 'bad_signature');
      return { response_token: twitterSignature(credentials.consumer_secret, token) };
    },
  );
  void app.register(async (plain) => {
    const scope = plain as App;
    keepRawJsonBody(scope);
    scope.post(
      '/api/channels/:id/twitter',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'Twitter/X Account Activity webhook (direct messages, signed)',
          params: IdParams,
          headers: Type.Object({ [TWITTER_SIGNATURE_HEADER]: Type.Optional(Type.String()) }),
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
          security: [],
        },
        preValidation: async (request) => {
          const id = int4IdOf((request.params as { id?: unknown }).id);
          if (id === null) return;
          const { credentials } = await channels.get(id);
          const header = request.headers[TWITTER_SIGNATURE_HEADER];
          const given = Buffer.from(typeof header === 'string' ? header.trim() : '', 'utf8');
          const expected = Buffer.from(
            credentials
              ? twitterSignature(credentials.consumer_secret, request.rawBody ?? Buffer.alloc(0))
              : '',
            'utf8',
          );
          if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected))
            throw new Unauthenticated(
              `${TWITTER_SIGNATURE_HEADER} does not match the body.`,
              'bad_signature',
            );
        },
      },
      async (request) => {
        const { channel } = await channels.get(request.params.id);
        const settings = channel.settings as TwitterChannelSettings;
        for (const event of readEvents(request.body, settings.account_id)) {
          const input = await resolveInput(deps.db, channel.id, event.input);
          if (input === null) continue;
          await receive(runtime, {
            botId: channel.bot_id,
            channel: 'twitter',
            channelId: channel.id,
            handle: event.senderId,
            replyTo: event.senderId,
            eventId: event.eventId,
            input,
            now: deps.now(),
          });
        }
        return { status: 'ok' as const };
      },
    );
  });
}
