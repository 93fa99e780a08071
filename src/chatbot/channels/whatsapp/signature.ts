import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(app secret, raw body)>`, as Meta signs a webhook POST. */
export function hubSignature(appSecret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** The `X-Hub-Signature-256` header checked over the raw bytes, in constant time. */
export function verifyHubSignature(appSecret: string, header: string | undefined, body: Buffer): boolean {
  const given = Buffer.from(header?.trim() ?? '', 'utf8');
  const expected = Buffer.from(hubSignature(appSecret, body), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
