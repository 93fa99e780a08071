import type { TelegramChannelSettings, TelegramCredentials } from '../../../../common/api/channels.js';
import type { Db } from '../../../db/index.js';
import { Conflict, NotFound, Unavailable } from '../../../errors.js';
import { findChannel, openCredentials } from '../manage.js';
import { boxesOf } from '../runtime-deps.js';
import { callBotApi } from './bot-api.js';

/** The updates Parley handles; Telegram sends no others. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * `parley channel telegram register-webhook <channel>`: tells Telegram (setWebhook) to send the
 * bot's updates to this channel's webhook under PUBLIC_URL, with the channel's secret as the
 * secret token Telegram puts in every request's `X-Telegram-Bot-Api-Secret-Token`.
 */
export async function registerTelegramWebhook(
  db: Db,
  options: { secret: string; publicUrl: string; channelId: number },
): Promise<{ url: string; description: string }> {
  const channel = await findChannel(db, options.channelId);
  if (channel?.kind !== 'telegram') throw new NotFound('Telegram channel', 'channel_unavailable');
  const box = boxesOf(options.secret).channelSecrets;
  const credentials = openCredentials<TelegramCredentials>(box, channel.credentials);
  if (!credentials || !channel.secret)
    throw new Conflict('The channel has no bot token: give it on the Channels page first.', 'conflict');
  const url = `${options.publicUrl}/api/channels/${channel.id}/telegram`;
  const call = await callBotApi(
    (channel.settings as TelegramChannelSettings).api_base_url,
    credentials,
    'setWebhook',
    { url, secret_token: box.open(channel.secret), allowed_updates: ALLOWED_UPDATES },
  );
  if (!call.ok)
    throw new Unavailable(
      'channel_service_refused',
      `Telegram refused setWebhook (${call.answer.status}): ${call.description}`,
    );
  return { url, description: call.description };
}
