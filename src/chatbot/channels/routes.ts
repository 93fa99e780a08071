import { Type } from 'typebox';
import {
  BotParams,
  ChannelCreated,
  ChannelList,
  ChannelView,
  CreateChannelBody,
  DeliverySettings,
  DeliverySettingsBody,
  SecretRotated,
  UpdateChannelBody,
} from '../../../common/api/chatbot.js';
import { IdParams } from '../../../common/api/typebox.js';
import type { App, AppDeps } from '../../http/types.js';
import { requireBot } from '../queries.js';
import { nothingToChange, updateDeliverySettings } from './delivery-settings.js';
import { createChannel, deleteChannel, listChannels, rotateSecret, updateChannel } from './manage.js';
import { presentChannel, presentDelivery } from './presenters.js';
import { boxesOf } from './runtime-deps.js';

const admin = { access: ['admin'] as const };
const tags = ['chatbots'];
const NoContent = Type.Null({ description: 'No content' });

/**
 * Admins configure the channels a bot is reachable on and how its messages are paced. A signing
 * secret is in a reply twice only: when the channel is created and when it is rotated.
 */
export function channelAdminRoutes(app: App, deps: AppDeps): void {
  const box = () => boxesOf(deps.config.secret).channelSecrets;
  const present = (channel: Parameters<typeof presentChannel>[0]) =>
    presentChannel(channel, deps.config.publicUrl);

  app.get(
    '/api/bots/:id/channels',
    {
      config: admin,
      schema: {
        tags,
        summary: "A bot's channels (never their secrets) and delivery settings",
        params: BotParams,
        response: { 200: ChannelList },
      },
    },
    async (request) => {
      const bot = await requireBot(deps.db, request.params.id);
      const channels = await listChannels(deps.db, bot.id);
      return { channels: channels.map(present), delivery: presentDelivery(bot) };
    },
  );

  app.post(
    '/api/bots/:id/channels',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a channel (one per kind); its signing secret (api, telegram) is returned this once',
        params: BotParams,
        body: CreateChannelBody,
        response: { 201: ChannelCreated },
      },
    },
    async (request, reply) => {
      const { kind, settings, credentials, enabled } = request.body;
      const created = await createChannel(deps.db, box(), {
        botId: request.params.id,
        kind,
        settings,
        credentials,
        ...(enabled === undefined ? {} : { enabled }),
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ channel: present(created.channel), secret: created.secret });
    },
  );

  app.patch(
    '/api/channels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: "Change a channel's settings or turn it on or off",
        params: IdParams,
        body: UpdateChannelBody,
        response: { 200: ChannelView },
      },
    },
    async (request) => {
      const { settings, credentials, enabled } = request.body;
      if (settings === undefined && credentials === undefined && enabled === undefined)
        throw nothingToChange(['settings', 'credentials', 'enabled']);
      return present(await updateChannel(deps.db, request.params.id, request.body, box()));
    },
  );

  app.post(
    '/api/channels/:id/rotate-secret',
    {
      config: admin,
      schema: {
        tags,
        summary: 'A new signing secret, returned this once; the old one stops working at once',
        params: IdParams,
        response: { 200: SecretRotated },
      },
    },
    async (request, reply) => {
      const rotated = await rotateSecret(deps.db, box(), request.params.id);
      reply.header('cache-control', 'no-store');
      return { channel: present(rotated.channel), secret: rotated.secret };
    },
  );

  app.delete(
    '/api/channels/:id',
    {
      config: admin,
      schema: { tags, summary: 'Remove a channel', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteChannel(deps.db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  deliveryRoutes(app, deps);
}

function deliveryRoutes(app: App, deps: AppDeps): void {
  app.patch(
    '/api/bots/:id/delivery',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delivery settings: the " [i/n]" suffix and the pause between messages of a turn',
        params: BotParams,
        body: DeliverySettingsBody,
        response: { 200: DeliverySettings },
      },
    },
    async (request) =>
      presentDelivery(await updateDeliverySettings(deps.db, request.params.id, request.body)),
  );
}
