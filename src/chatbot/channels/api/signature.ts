import { createHmac, timingSafeEqual } from 'node:crypto';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';

/**
 * Signatures of the HTTP API channel, both ways: `X-Parley-Timestamp` (Unix seconds) and
 * `X-Parley-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + raw body)>`. The
 * timestamp is signed with the body, so a captured request cannot be sent again once it is older
 * than five minutes (and within them its event id makes it a duplicate).
 */
export function sign(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type Verdict = 'ok' | 'bad_signature' | 'stale_request';

export function verify(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: Buffer,
  now: Date,
): Verdict {
  const timestamp = headers.timestamp?.trim() ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) return 'stale_request';
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > CHANNEL_LIMITS.signatureMaxAgeSeconds)
    return 'stale_request';
  const given = Buffer.from(headers.signature?.trim() ?? '', 'utf8');
  const expected = Buffer.from(sign(secret, seconds, body), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'bad_signature';
}
