import type { AppDeps } from '../../http/types.js';
import { type SecretBox, secretBox } from '../../secret-box.js';
import { configuredLookup, type LookupLog } from '../places/configured.js';
import type { RuntimeDeps } from '../runtime.js';
import { TurnBatcher } from '../turn-batcher.js';

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

/** One runtime per database handle: its batcher groups the events of every channel of the process. */
const runtimes = new WeakMap<object, { made: string; log: LookupLog | undefined; runtime: RuntimeDeps }>();

/** What a runtime is made of: another secret or lookup configuration makes another runtime. */
function madeOf(config: AppDeps['config']): string {
  return JSON.stringify([config.secret, config.geocoding, config.supportPoints ?? null]);
}

/**
 * What the channels' inbound routes give the runtime: inbound events go through a TurnBatcher.
 * Failed CEP lookups are logged on `log` (the routes pass the app's logger).
 */
export function runtimeDepsOf(deps: Pick<AppDeps, 'db' | 'config'>, log?: LookupLog): RuntimeDeps {
  const known = runtimes.get(deps.db);
  const made = madeOf(deps.config);
  if (known && known.made === made && known.log === log) return known.runtime;
  const base: RuntimeDeps = {
    db: deps.db,
    secret: deps.config.secret,
    lookup: configuredLookup(deps.db, deps.config, log),
    addresses: boxesOf(deps.config.secret).addresses,
  };
  const runtime = { ...base, batcher: new TurnBatcher(base) };
  runtimes.set(deps.db, { made, log, runtime });
  return runtime;
}
