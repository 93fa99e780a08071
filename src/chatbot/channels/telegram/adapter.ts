import type { TelegramChannelSettings, TelegramCredentials } from '../../../../common/api/channels.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, DeliveryChannel, SendOutcome } from '../../delivery/adapter.js';
import { openCredentials } from '../manage.js';
import { failedSend } from '../remote-http.js';
import { callBotApi } from './bot-api.js';
import { renderMessage } from './render.js';

export interface TelegramAdapterOptions {
  /** Opens the channel's credentials (secret-box, `channel-secret`). */
  readonly secrets: SecretBox;
  readonly timeoutMs?: number;
}

/**
 * The Telegram channel's sender: `sendMessage` to the person's chat, the options as an inline
 * keyboard. 429 (with Telegram's `retry_after`), 5xx and network errors are retried by the loop;
 * another answer (403: the person blocked the bot; 400: chat not found) fails the message.
 */
export function telegramAdapter(options: TelegramAdapterOptions): ChannelAdapter {
  const opened = new Map<number, { setAt: number; credentials: TelegramCredentials | null }>();
  const credentialsOf = (channel: DeliveryChannel): TelegramCredentials | null => {
    const setAt = channel.credentials_set_at?.getTime() ?? 0;
    const cached = opened.get(channel.id);
    if (cached && cached.setAt === setAt) return cached.credentials;
    const credentials = openCredentials<TelegramCredentials>(options.secrets, channel.credentials);
    opened.set(channel.id, { setAt, credentials });
    return credentials;
  };
  return {
    kind: 'telegram',
    async send(delivery: Delivery): Promise<SendOutcome> {
      const channel = delivery.channel;
      if (!channel) return { ok: false, retry: false, error: 'the channel was deleted' };
      if (delivery.address === null)
        return {
          ok: false,
          retry: false,
          error: 'no reply address (the conversation ended and it was erased)',
        };
      const credentials = credentialsOf(channel);
      if (!credentials) return { ok: false, retry: false, error: 'the channel has no bot token' };
      const settings = channel.settings as TelegramChannelSettings;
      for (const body of renderMessage(delivery.address, delivery.message)) {
        const call = await callBotApi(
          settings.api_base_url,
          credentials,
          'sendMessage',
          body,
          options.timeoutMs,
        );
        if (!call.ok)
          return failedSend(
            call.answer,
            `Telegram answered ${call.answer.status}: ${call.description}`.trim(),
            call.retryAfterSeconds,
          );
      }
      return { ok: true };
    },
  };
}
