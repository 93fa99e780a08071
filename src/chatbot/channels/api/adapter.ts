import http from 'node:http';
import https from 'node:https';
import type { ApiCallbackBody, ApiChannelSettings } from '../../../../common/api/channels.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../../common/api/channels.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, DeliveryChannel, SendOutcome } from '../../delivery/adapter.js';
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
  const secretOf = (channel: DeliveryChannel): string => {
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
      const response = await postJson(
        settings.callback_url,
        text,
        {
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: sign(secretOf(channel), timestamp, text),
        },
        options.timeoutMs ?? 10_000,
      );
      if (response.status >= 200 && response.status < 300) return { ok: true };
      const error = `the callback answered ${response.status} ${response.statusText}`.trim();
      const retry = response.status === 429 || response.status >= 500;
      return { ok: false, retry, error, ...retryAfter(response.retryAfter) };
    },
  };
}

// node:http with kept-alive connections: several times cheaper per request than fetch().
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly retryAfter: string | null;
}

/** POSTs a JSON body; resolves with the answer's status (its body is read and dropped). */
function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as keyof typeof agents],
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`the callback did not answer within ${timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}

function retryAfter(header: string | null): { retryAfterMs?: number } {
  if (header === null) return {};
  if (/^\d+$/.test(header.trim())) return { retryAfterMs: Number(header.trim()) * 1000 };
  const at = Date.parse(header);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - Date.now()) };
}
