import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CHAT_TOKEN_HEADER,
  ChatAfterQuery,
  ChatHeaders,
  ChatMessages,
  ChatParams,
  type ChatPostBody,
  ChatPostBody as ChatPostBodySchema,
  DEFAULT_EXIT_URL,
  InboundReply,
  type WebChannelSettings,
} from '../../../../common/api/channels.js';
import { int4IdOf } from '../../../../common/api/typebox.js';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import type { BotChannelRow } from '../../../db/rows.js';
import { Invalid, NotFound } from '../../../errors.js';
import type { App, AppDeps } from '../../../http/types.js';
import type { Inbound } from '../../engine/index.js';
import { receive } from '../../runtime.js';
import { userKeyOf } from '../../user-key.js';
import { findBotChannel } from '../manage.js';
import { runtimeDepsOf } from '../runtime-deps.js';
import { type ChatAssetName, loadChatAssets } from './assets.js';
import { type ChatLimits, chatLimits } from './limits.js';
import { readMessages } from './messages.js';
import { chatPageCsp, chatPageHtml, pageLanguage } from './page.js';
import { type ChatStream, chatStream, type SentHub, sentHub } from './stream.js';

const open = { access: 'public' } as const;
const tags = ['web chat'];

/**
 * The web chat (docs/web-chat.md): the widget's script and the chat page with its assets, and the
 * visitor's API — send a message, read the delivered replies by polling or as a stream. Visitors
 * are anonymous: a random token in a header (never a URL: logs keep URLs), stored only as its user
 * key. Every request needs the bot's web channel, enabled.
 */
export function webChatRoutes(app: App, deps: AppDeps): void {
  const userKeyOfRequest = (request: FastifyRequest) =>
    userKeyOf(deps.config.secret, 'web', tokenOf(request));
  const limits = chatLimits(app, userKeyOfRequest);
  const streams = new Set<ChatStream>();
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.stop();
  });
  pageRoutes(app, deps, limits);
  sendRoute(app, deps, limits);
  readRoutes(app, deps, limits, { hub: sentHub(deps.notifications), streams, userKeyOfRequest });
}

function tokenOf(request: FastifyRequest): string {
  const token = request.headers[CHAT_TOKEN_HEADER];
  if (typeof token !== 'string') throw new Invalid(`The ${CHAT_TOKEN_HEADER} header is missing.`);
  return token;
}

/** The bot's web channel; 404 `channel_unavailable` when it has none or it is turned off. */
async function webChannelOf(deps: AppDeps, botId: number): Promise<BotChannelRow> {
  const channel = await findBotChannel(deps.db, botId, 'web');
  if (!channel?.enabled) throw new NotFound('Web chat', 'channel_unavailable');
  return channel;
}

function pageRoutes(app: App, deps: AppDeps, limits: ChatLimits): void {
  const assets = loadChatAssets();
  const versions = {
    'chat.js': assets.get('chat.js')?.hash ?? '0',
    'chat.css': assets.get('chat.css')?.hash ?? '0',
  };
  const https = deps.config.publicUrl.startsWith('https:');
  app.get(
    '/chat/:bot',
    {
      config: open,
      onRequest: limits.readsPerAddress,
      // The page sets its own CSP, whose frame-ancestors replaces X-Frame-Options.
      helmet: { frameguard: false, contentSecurityPolicy: false },
      schema: { hide: true, params: Type.Object({ bot: Type.String() }) },
    },
    async (request, reply) => {
      const botId = int4IdOf(request.params.bot);
      const channel = botId !== null ? await findBotChannel(deps.db, botId, 'web') : undefined;
      const settings = channel?.settings as WebChannelSettings | undefined;
      const query = request.query as Record<string, unknown>;
      const html = chatPageHtml({
        botId: botId ?? 0,
        embed: query.embed === '1',
        exitUrl: settings?.exit_url ?? DEFAULT_EXIT_URL,
        lang: pageLanguage(query, request.headers['accept-language']),
        versions,
        unavailable: !channel?.enabled,
      });
      return reply
        .code(channel?.enabled ? 200 : 404)
        .header('content-security-policy', chatPageCsp(settings?.allowed_origins ?? [], https))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );
  for (const [name, asset] of assets) assetRoute(app, name, asset);
}

function assetRoute(
  app: App,
  name: ChatAssetName,
  asset: { body: Buffer; type: string; hash: string },
): void {
  const etag = `"${asset.hash}"`;
  app.get(`/chat/${name}`, { config: open, schema: { hide: true } }, async (request, reply) => {
    reply.header('etag', etag).header('cache-control', 'no-cache').type(asset.type);
    // The loader runs on the organisation's pages: another origin must be allowed to load it.
    if (name === 'widget.js') reply.header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(asset.body);
  });
}

function inputOf(body: ChatPostBody): Inbound {
  if (body.text !== undefined && body.choose === undefined) return { kind: 'text', text: body.text };
  if (body.choose !== undefined && body.text === undefined) return { kind: 'choose', value: body.choose };
  const message = 'must have either `text` or `choose`, not both';
  throw new Invalid(`body ${message}`, [{ path: 'body', message }], 'validation_failed');
}

function sendRoute(app: App, deps: AppDeps, limits: ChatLimits): void {
  app.post(
    '/api/chat/:bot/messages',
    {
      config: open,
      // Before the body is read: floods of bad requests count too.
      onRequest: [limits.sendsPerAddress, limits.sendsPerToken],
      bodyLimit: CHANNEL_LIMITS.inboundBodyMaxBytes,
      schema: {
        tags,
        summary: "A web chat visitor's message (answered once the turn is stored)",
        params: ChatParams,
        headers: ChatHeaders,
        body: ChatPostBodySchema,
        response: { 200: InboundReply },
      },
    },
    async (request) => {
      const input = inputOf(request.body);
      const channel = await webChannelOf(deps, request.params.bot);
      const token = tokenOf(request);
      const delivered = await receive(runtimeDepsOf(deps, app.log), {
        botId: channel.bot_id,
        channel: 'web',
        handle: token,
        input,
        channelId: channel.id,
        // Ids are the widget's: scoped to the visitor, so nobody else's can collide with them.
        eventId: `${userKeyOf(deps.config.secret, 'web', token)}:${request.body.id}`,
        now: deps.now(),
      });
      return { status: delivered.duplicate ? ('duplicate' as const) : ('processed' as const) };
    },
  );
}

interface ReadContext {
  readonly hub: SentHub;
  readonly streams: Set<ChatStream>;
  readonly userKeyOfRequest: (request: FastifyRequest) => string;
}

function readRoutes(app: App, deps: AppDeps, limits: ChatLimits, context: ReadContext): void {
  const schema = { tags, params: ChatParams, headers: ChatHeaders, querystring: ChatAfterQuery };
  app.get(
    '/api/chat/:bot/messages',
    {
      config: open,
      onRequest: [limits.readsPerAddress, limits.readsPerToken],
      schema: {
        ...schema,
        summary: "A web chat visitor's delivered messages after `after` (the stream's fallback)",
        response: { 200: ChatMessages },
      },
    },
    async (request, reply) => {
      const channel = await webChannelOf(deps, request.params.bot);
      reply.header('cache-control', 'no-store');
      return readMessages(deps.db, channel.bot_id, context.userKeyOfRequest(request), request.query.after);
    },
  );
  app.get(
    '/api/chat/:bot/stream',
    {
      config: open,
      onRequest: [limits.readsPerAddress, limits.readsPerToken],
      schema: {
        ...schema,
        summary: "A web chat visitor's messages as server-sent events (each a ChatMessages)",
      },
    },
    async (request, reply) => openStream(deps, context, request, reply),
  );
}

async function openStream(
  deps: AppDeps,
  context: ReadContext,
  request: FastifyRequest<{ Params: ChatParams; Querystring: ChatAfterQuery }>,
  reply: FastifyReply,
) {
  const channel = await webChannelOf(deps, request.params.bot);
  const userKey = context.userKeyOfRequest(request);
  const stream = chatStream({
    read: (after) => readMessages(deps.db, channel.bot_id, userKey, after),
    after: request.query.after,
    userKey,
    hub: context.hub,
    onStop: () => context.streams.delete(stream),
    onError: (error) => request.log.warn({ err: error }, 'web chat stream failed'),
  });
  context.streams.add(stream);
  return (
    reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      // Its connection serves nothing else meanwhile; closed with it, it cannot hold up a shutdown.
      .header('connection', 'close')
      .send(stream.body)
  );
}
