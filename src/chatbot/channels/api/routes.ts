import { Type } from 'typebox';
import {
  ApiInboundBody,
  InboundReply,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../../../common/api/channels.js';
import { IdParams, int4IdOf } from '../../../../common/api/typebox.js';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import type { BotChannelRow } from '../../../db/rows.js';
import { Invalid, NotFound, Unauthenticated } from '../../../errors.js';
import type { App, AppDeps } from '../../../http/types.js';
import type { Inbound } from '../../engine/index.js';
import { receive } from '../../runtime.js';
import { findChannel } from '../manage.js';
import { keepRawJsonBody } from '../raw-body.js';
import { boxesOf, runtimeDepsOf } from '../runtime-deps.js';
import { INBOUND_DESCRIPTION } from './openapi.js';
import { verify } from './signature.js';

/** How long a channel row (and its opened secret) is reused before it is read again. */
const CHANNEL_CACHE_MS = 2_000;

/**
 * `POST /api/channels/:id/inbound`: the HTTP API channel. The signature over the raw body is
 * checked before anything else is looked at (a forged request is refused with 401 and nothing is
 * stored); then the body's shape; then the turn runs and the answer is sent once it is committed.
 */
export function apiChannelRoutes(app: App, deps: AppDeps): void {
  const channels = channelCache(deps);
  const runtime = runtimeDepsOf(deps, app.log);
  void app.register(async (plain) => {
    const scope = plain as App;
    keepRawJsonBody(scope);
    scope.post(
      '/api/channels/:id/inbound',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'A message to a bot through its HTTP API channel (signed)',
          description: INBOUND_DESCRIPTION,
          params: IdParams,
          headers: Type.Object({
            [TIMESTAMP_HEADER]: Type.Optional(Type.String({ description: 'Unix time in seconds' })),
            [SIGNATURE_HEADER]: Type.Optional(Type.String({ description: 'sha256=<hex HMAC>' })),
          }),
          body: ApiInboundBody,
          response: { 200: InboundReply },
          security: [],
        },
        // Before the body's shape is checked: a forged request learns nothing about it.
        preValidation: async (request) => {
          const id = int4IdOf((request.params as { id?: unknown }).id);
          // Not an id at all: the params' validation, which runs next, refuses it (400).
          if (id === null) return;
          const channel = await channels.get(id);
          const verdict = verify(
            channel.secret,
            {
              timestamp: headerOf(request.headers[TIMESTAMP_HEADER]),
              signature: headerOf(request.headers[SIGNATURE_HEADER]),
            },
            request.rawBody ?? Buffer.alloc(0),
            deps.now(),
          );
          if (verdict === 'stale_request')
            throw new Unauthenticated(
              `${TIMESTAMP_HEADER} must be the Unix time (seconds) of sending, within ${CHANNEL_LIMITS.signatureMaxAgeSeconds / 60} minutes of now.`,
              'stale_request',
            );
          if (verdict === 'bad_signature')
            throw new Unauthenticated(`${SIGNATURE_HEADER} does not match the body.`, 'bad_signature');
        },
      },
      async (request) => {
        const { channel } = await channels.get(request.params.id);
        const body = request.body;
        const outcome = await receive(runtime, {
          botId: channel.bot_id,
          channel: 'api',
          channelId: channel.id,
          handle: body.user,
          replyTo: body.user,
          eventId: body.event_id,
          input: inputOf(body),
          now: deps.now(),
        });
        return { status: outcome.duplicate ? ('duplicate' as const) : ('processed' as const) };
      },
    );
  });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function inputOf(body: ApiInboundBody): Inbound {
  if (body.text !== undefined && body.choose === undefined) return { kind: 'text', text: body.text };
  if (body.choose !== undefined && body.text === undefined) return { kind: 'choose', value: body.choose };
  const problem = { path: 'body', message: 'must have exactly one of text and choose' };
  throw new Invalid(
    `body ${problem.message}`,
    [{ ...problem, keyword: 'oneOf', params: {} }],
    'validation_failed',
  );
}

interface OpenedChannel {
  readonly channel: BotChannelRow;
  readonly secret: string;
}

/** Enabled API channels by id, with their secret opened, kept a moment (a webhook comes in bursts). */
function channelCache(deps: AppDeps) {
  const box = boxesOf(deps.config.secret).channelSecrets;
  const cache = new Map<number, { at: number; opened: OpenedChannel | null }>();
  return {
    async get(id: number): Promise<OpenedChannel> {
      const now = Date.now();
      let entry = cache.get(id);
      if (!entry || now - entry.at > CHANNEL_CACHE_MS) {
        const channel = await findChannel(deps.db, id);
        const usable = channel && channel.kind === 'api' && channel.enabled && channel.secret;
        entry = { at: now, opened: usable ? { channel, secret: box.open(channel.secret as Buffer) } : null };
        if (cache.size > 1000) cache.clear();
        cache.set(id, entry);
      }
      if (!entry.opened) throw new NotFound('Channel', 'channel_unavailable');
      return entry.opened;
    },
  };
}
