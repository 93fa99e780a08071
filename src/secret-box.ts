import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of what Parley must keep but nobody may read from a database dump: channel
 * signing secrets, the address a bot replies to. AES-256-GCM with a key derived from PARLEY_SECRET
 * by HKDF-SHA256, one key per purpose (a box for reply addresses cannot open channel secrets).
 * Sealed form: version byte (1) | 12-byte IV | 16-byte tag | ciphertext.
 */
export interface SecretBox {
  seal(plain: string): Buffer;
  /** The plain text; throws when the data was not sealed by this box (other key, altered bytes). */
  open(sealed: Uint8Array): string;
}

export type SecretPurpose = 'channel-secret' | 'reply-address' | 'report-source';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function secretBox(secret: string, purpose: SecretPurpose): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'parley-secret-box', purpose, 32));
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const data = Buffer.from(sealed);
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION)
        throw new Error('not a sealed value of this version');
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
