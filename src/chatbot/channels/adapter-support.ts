import type { SecretBox } from '../../secret-box.js';
import type { Delivery, DeliveryChannel, SendOutcome } from '../delivery/adapter.js';
import { openCredentials } from './manage.js';

/**
 * A messaging adapter's opened credentials, per channel, opened again only when the channel's
 * credentials were replaced (`credentials_set_at`): opening is an AES-GCM decryption per send otherwise.
 */
export function credentialsCache<C>(secrets: SecretBox): (channel: DeliveryChannel) => C | null {
  const opened = new Map<number, { setAt: number; credentials: C | null }>();
  return (channel) => {
    const setAt = channel.credentials_set_at?.getTime() ?? 0;
    const cached = opened.get(channel.id);
    if (cached && cached.setAt === setAt) return cached.credentials;
    const credentials = openCredentials<C>(secrets, channel.credentials);
    opened.set(channel.id, { setAt, credentials });
    return credentials;
  };
}

/** Where a message goes, or why it cannot go anywhere (a failure the loop does not retry). */
export function deliveryTarget(
  delivery: Delivery,
): { channel: DeliveryChannel; address: string } | { refused: SendOutcome } {
  if (!delivery.channel) return { refused: { ok: false, retry: false, error: 'the channel was deleted' } };
  if (delivery.address === null)
    return {
      refused: {
        ok: false,
        retry: false,
        error: 'no reply address (the conversation ended and it was erased)',
      },
    };
  return { channel: delivery.channel, address: delivery.address };
}
