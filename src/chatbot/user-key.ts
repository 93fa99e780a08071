import { createHmac } from 'node:crypto';

/**
 * The key a bot user is known by: HMAC-SHA256 keyed with PARLEY_SECRET over the channel and the
 * channel's user id, in hex. The raw id is never stored (PenhaS stored it, or an unkeyed hash),
 * and the same person on two channels gets two keys. It is `handle_hashed` in the `conversa` view.
 */
export function userKeyOf(secret: string, channel: string, handle: string): string {
  return createHmac('sha256', secret).update(`bot-user:${channel}:${handle}`).digest('hex');
}
