import type { ApiCallbackBody, ApiChannelSettings } from '../../../../common/api/channels.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../../common/api/channels.js';
import type { BotChannelRow } from '../../../db/rows.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, SendOutcome } from '../../delivery/adapter.js';
import { sign } from './signature.js';

export interface ApiAdapterOptions {
  /** Opens channel secrets (secret-box, `channel-secret`). */
  readonly secrets: SecretBox;
  /** How long one callback may take before it counts as a network failure. */
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

/**
 * The HTTP API channel's sender: each reply POSTed to the channel's callback URL as JSON, signed
 * like inbound requests. 2xx is delivered; 429, 5xx and network errors are retried by the loop;
 * other answers fail the message (the receiver refused it).
 */
export function apiAdapter(options: ApiAdapterOptions): ChannelAdapter {
  const opened = new Map<number, { setAt: number; secret: string }>();
  const secretOf = (channel: BotChannelRow): string => {
    const setAt = channel.secret_set_at?.getTime() ?? 0;
    const cached = opened.get(channel.id);
    if (cached && cached.setAt === setAt) return cached.secret;
    if (!channel.secret) throw new Error('the channel has no secret');
    const secret = options.secrets.open(channel.secret);
    opened.set(channel.id, { setAt, secret });
    return secret;
  };
  return {
    kind: 'api',
    async send(delivery: Delivery): Promise<SendOutcome> {
      const channel = delivery.channel;
      if (!channel) return { ok: false, retry: false, error: 'the channel was deleted' };
      if (delivery.address === null)
        return {
          ok: false,
          retry: false,
          error: 'no reply address (the conversation ended and it was erased)',
        };
      const body: ApiCallbackBody = {
        event: 'message',
        bot_id: delivery.botId,
        channel_id: channel.id,
        user: delivery.address,
        message: delivery.message,
        part: delivery.part,
        parts: delivery.parts,
      };
      const text = JSON.stringify(body);
      const timestamp = Math.floor((options.clock ?? (() => new Date()))().getTime() / 1000);
      const settings = channel.settings as ApiChannelSettings;
      const response = await fetch(settings.callback_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: sign(secretOf(channel), timestamp, text),
        },
        body: text,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const error = `the callback answered ${response.status} ${response.statusText}`.trim();
      const retry = response.status === 429 || response.status >= 500;
      return { ok: false, retry, error, ...retryAfter(response.headers.get('retry-after')) };
    },
  };
}

function retryAfter(header: string | null): { retryAfterMs?: number } {
  if (header === null) return {};
  if (/^\d+$/.test(header.trim())) return { retryAfterMs: Number(header.trim()) * 1000 };
  const at = Date.parse(header);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - Date.now()) };
}
