import type { TwitterChannelSettings, TwitterCredentials } from '../../../../common/api/channels.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, SendOutcome } from '../../delivery/adapter.js';
import { credentialsCache, deliveryTarget } from '../adapter-support.js';
import { failedSend } from '../remote-http.js';
import { callTwitter, twitterError } from './api.js';
import { renderTwitter } from './render.js';

export interface TwitterAdapterOptions {
  readonly secrets: SecretBox;
  readonly timeoutMs?: number;
}

/**
 * The Twitter/X DM sender: `POST /1.1/direct_messages/events/new.json`, OAuth 1.0a user context.
 * 429 (waiting `x-rate-limit-reset` when given), 5xx and network errors are retried; another 4xx
 * (403 #349: the person does not accept DMs from the bot) fails the message.
 */
export function twitterAdapter(options: TwitterAdapterOptions): ChannelAdapter {
  const credentialsOf = credentialsCache<TwitterCredentials>(options.secrets);
  return {
    kind: 'twitter',
    async send(delivery: Delivery): Promise<SendOutcome> {
      const target = deliveryTarget(delivery);
      if ('refused' in target) return target.refused;
      const { channel, address } = target;
      const credentials = credentialsOf(channel);
      if (!credentials) return { ok: false, retry: false, error: 'the channel has no keys' };
      const settings = channel.settings as TwitterChannelSettings;
      for (const body of renderTwitter(address, delivery.message)) {
        const answer = await callTwitter(
          settings,
          credentials,
          '/1.1/direct_messages/events/new.json',
          body,
          {
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          },
        );
        if (answer.status < 200 || answer.status >= 300) {
          const reset = answer.status === 429 ? resetSeconds(answer.rateLimitReset, delivery.now) : undefined;
          return failedSend(answer, twitterError(answer), reset);
        }
      }
      return { ok: true };
    },
  };
}

/** Seconds until the rate limit resets (`x-rate-limit-reset`, Unix seconds), at most 15 minutes. */
function resetSeconds(reset: string | null, now: Date | undefined): number | undefined {
  if (reset === null || !/^\d{1,12}$/.test(reset)) return undefined;
  const seconds = Number(reset) - (now ?? new Date()).getTime() / 1000;
  return Math.min(900, Math.max(0, Math.ceil(seconds)));
}
