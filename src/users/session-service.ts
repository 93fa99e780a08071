import type { Db } from '../db/index.js';
import type { SessionService } from '../http/types.js';
import type { SessionCache } from './session-cache.js';
import { resolveSession, revokeSession, type SessionPolicy } from './sessions.js';

/**
 * Staff sessions as the HTTP layer sees them. With a `cache` (serve), lookups of the last seconds
 * are answered from memory; without one (tests, tools) every request reads its session.
 */
export function sessionService(
  db: Db,
  policy: SessionPolicy,
  cache: SessionCache | null = null,
): SessionService {
  return {
    resolve: (token, now) => resolveSession(db, token, policy, now, cache),
    revoke: (token) => revokeSession(db, token, cache),
    forgetUser: (userId) => cache?.forgetUser(userId),
    stats: () => (cache ? { hits: cache.hits, misses: cache.misses, listening: cache.active } : null),
  };
}
