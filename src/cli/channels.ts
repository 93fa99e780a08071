import { registerTelegramWebhook, registerTwitterWebhook } from '../chatbot/index.js';
import { withDatabase } from './database.js';
import { UsageError } from './errors.js';

function channelIdOf(ref: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(ref))
    throw new UsageError(`"${ref}" is not a channel id (see the bot's Channels page)`);
  return Number(ref);
}

/** `parley channel telegram register-webhook <channel-id>`: Telegram's setWebhook for the channel. */
export async function telegramRegisterWebhook(ref: string): Promise<void> {
  const channelId = channelIdOf(ref);
  const done = await withDatabase(({ db }, config) =>
    registerTelegramWebhook(db, { secret: config.secret, publicUrl: config.publicUrl, channelId }),
  );
  process.stdout.write(`Telegram will send the bot's updates to ${done.url} (${done.description})\n`);
}

/** `parley channel twitter register-webhook <channel-id>`: the webhook registered, the account subscribed. */
export async function twitterRegisterWebhook(ref: string): Promise<void> {
  const channelId = channelIdOf(ref);
  const done = await withDatabase(({ db }, config) =>
    registerTwitterWebhook(db, { secret: config.secret, publicUrl: config.publicUrl, channelId }),
  );
  process.stdout.write(
    `Twitter sends the account's direct messages to ${done.url}${done.webhookId ? ` (webhook ${done.webhookId})` : ''}\n`,
  );
}
