import type { TrustProxy } from '../config.js';

/**
 * Fastify's `trustProxy` for the TRUST_PROXY setting. A hop count trusts that many peers nearest
 * the server (Express's rule; Fastify itself no longer honours a bare number), so it fits only when
 * Parley is reachable through its proxies alone; addresses/CIDRs are checked against each peer.
 */
export function trustProxyOption(
  setting: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return setting === 0 ? false : (_address, hop) => hop < setting;
  return setting;
}
