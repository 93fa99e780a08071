import http from 'node:http';
import https from 'node:https';
import type { SendOutcome } from '../delivery/adapter.js';

/**
 * Calls to a messaging service's HTTP API (Telegram, WhatsApp, Twitter/X): a JSON POST on kept-alive
 * connections, its answer read (at most 64 KiB) and mapped to what the delivery loop does next.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const ANSWER_MAX_BYTES = 64 * 1024;

export interface RemoteAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly retryAfter: string | null;
  /** Twitter's `x-rate-limit-reset` (Unix seconds), when given. */
  readonly rateLimitReset: string | null;
  /** The answer's body as JSON; null when it was not JSON. */
  readonly json: unknown;
}

export function postJson(
  url: string,
  body: string,
  options: { headers?: Record<string, string>; timeoutMs?: number; method?: string } = {},
): Promise<RemoteAnswer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: options.method ?? 'POST',
        agent: agents[target.protocol as keyof typeof agents],
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...options.headers,
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= ANSWER_MAX_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          const reset = response.headers['x-rate-limit-reset'];
          resolve({
            rateLimitReset: typeof reset === 'string' ? reset : null,
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            json: jsonOrNull(Buffer.concat(chunks).toString('utf8')),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`${target.host} did not answer within ${timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A failed call, for the loop: 429, 5xx (and 0, no status) are tried again later, honouring
 * Retry-After or `retryAfterSeconds` from the body; other answers fail the message.
 */
export function failedSend(
  answer: RemoteAnswer,
  error: string,
  retryAfterSeconds?: number,
): Extract<SendOutcome, { ok: false }> {
  const retry = answer.status === 429 || answer.status >= 500 || answer.status === 0;
  const header = retryAfterMs(answer.retryAfter);
  const fromBody =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
      ? retryAfterSeconds * 1000
      : undefined;
  const after = fromBody ?? header;
  return { ok: false, retry, error, ...(after === undefined ? {} : { retryAfterMs: after }) };
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
