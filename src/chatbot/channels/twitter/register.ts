import type { TwitterChannelSettings, TwitterCredentials } from '../../../../common/api/channels.js';
import type { Db } from '../../../db/index.js';
import { Conflict, NotFound, Unavailable } from '../../../errors.js';
import { findChannel, openCredentials } from '../manage.js';
import { boxesOf } from '../runtime-deps.js';
import { callTwitter, twitterError } from './api.js';

/**
 * `parley channel twitter register-webhook <channel>`: registers the channel's webhook
 * (`$PUBLIC_URL/api/channels/ID/twitter`) with the Account Activity environment (Twitter sends a
 * CRC check to it at once, so Parley must be reachable there), then subscribes the bot's account
 * to it. An environment holds one webhook per URL: registering again refuses (#214); the
 * subscription is done anyway.
 */
export async function registerTwitterWebhook(
  db: Db,
  options: { secret: string; publicUrl: string; channelId: number },
): Promise<{ url: string; webhookId: string | null }> {
  const channel = await findChannel(db, options.channelId);
  if (channel?.kind !== 'twitter') throw new NotFound('Twitter channel', 'channel_unavailable');
  const credentials = openCredentials<TwitterCredentials>(
    boxesOf(options.secret).channelSecrets,
    channel.credentials,
  );
  if (!credentials)
    throw new Conflict('The channel has no keys: give them on the Channels page first.', 'conflict');
  const settings = channel.settings as TwitterChannelSettings;
  const url = `${options.publicUrl}/api/channels/${channel.id}/twitter`;
  const env = encodeURIComponent(settings.env_name);
  const registered = await callTwitter(
    settings,
    credentials,
    `/1.1/account_activity/all/${env}/webhooks.json?url=${encodeURIComponent(url)}`,
    undefined,
  );
  const already = registered.status === 400 && twitterError(registered).includes('#214');
  if ((registered.status < 200 || registered.status >= 300) && !already)
    throw new Unavailable('channel_service_refused', `Registering the webhook: ${twitterError(registered)}`);
  const subscribed = await callTwitter(
    settings,
    credentials,
    `/1.1/account_activity/all/${env}/subscriptions.json`,
    undefined,
  );
  if (subscribed.status < 200 || subscribed.status >= 300)
    throw new Unavailable('channel_service_refused', `Subscribing the account: ${twitterError(subscribed)}`);
  const id = (registered.json as { id?: unknown } | null)?.id;
  return { url, webhookId: typeof id === 'string' ? id : null };
}
