import type { TelegramChannelSettings, TelegramCredentials } from '../../../../common/api/channels.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, SendOutcome } from '../../delivery/adapter.js';
import { credentialsCache, deliveryTarget } from '../adapter-support.js';
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
  const credentialsOf = credentialsCache<TelegramCredentials>(options.secrets);
  return {
    kind: 'telegram',
    async send(delivery: Delivery): Promise<SendOutcome> {
      const target = deliveryTarget(delivery);
      if ('refused' in target) return target.refused;
      const { channel, address } = target;
      const credentials = credentialsOf(channel);
      if (!credentials) return { ok: false, retry: false, error: 'the channel has no bot token' };
      const settings = channel.settings as TelegramChannelSettings;
      for (const body of renderMessage(address, delivery.message)) {
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
