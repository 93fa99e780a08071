import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The link by which a texter stops feedback e-mails: the texter's id and an HMAC of it, keyed by a
 * key derived from PARLEY_SECRET for this purpose only (HKDF, as secret-box.ts derives its keys).
 * It never expires: a texter may stop the e-mails from an old one. Form: `<id>-<mac>`.
 */
const MAC_BYTES = 16;

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'parley-signed-link', 'feedback-stop', 32));
}

function macOf(key: Buffer, texterId: number): Buffer {
  return createHmac('sha256', key).update(`feedback-stop:${texterId}`).digest().subarray(0, MAC_BYTES);
}

export function stopToken(secret: string, texterId: number): string {
  return `${texterId}-${macOf(keyOf(secret), texterId).toString('base64url')}`;
}

/** The texter a token was made for, or null when it is not one of ours. */
export function texterOfStopToken(secret: string, token: string): number | null {
  const match = /^([1-9][0-9]{0,9})-([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const texterId = Number(match[1]);
  if (texterId > 2_147_483_647) return null;
  const given = Buffer.from(match[2] as string, 'base64url');
  const expected = macOf(keyOf(secret), texterId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? texterId : null;
}

/** The page a texter opens from the e-mail (the web UI asks before stopping: mail scanners follow links). */
export function stopUrl(publicUrl: string, secret: string, texterId: number): string {
  return new URL(`/feedback/stop/${stopToken(secret, texterId)}`, publicUrl).toString();
}
