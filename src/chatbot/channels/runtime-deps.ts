import type { AppDeps } from '../../http/types.js';
import { type SecretBox, secretBox } from '../../secret-box.js';
import { sampleLookup } from '../lookup.js';
import type { RuntimeDeps } from '../runtime.js';

/** The boxes of one PARLEY_SECRET, made once per secret (HKDF is not free). */
const boxes = new Map<string, { channelSecrets: SecretBox; addresses: SecretBox }>();

export function boxesOf(secret: string): { channelSecrets: SecretBox; addresses: SecretBox } {
  let found = boxes.get(secret);
  if (!found) {
    found = {
      channelSecrets: secretBox(secret, 'channel-secret'),
      addresses: secretBox(secret, 'reply-address'),
    };
    boxes.set(secret, found);
  }
  return found;
}

/** What the channels' inbound routes give the runtime. */
export function runtimeDepsOf(deps: Pick<AppDeps, 'db' | 'config'>): RuntimeDeps {
  return {
    db: deps.db,
    secret: deps.config.secret,
    lookup: sampleLookup,
    addresses: boxesOf(deps.config.secret).addresses,
  };
}
