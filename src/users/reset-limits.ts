import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { TooManyAttempts } from '../errors.js';

/**
 * "Forgot password" requests are limited per e-mail address (known or not: the limit must not tell
 * them apart) and per client address, counted in fixed windows in `password_reset_requests` so the
 * limit holds across processes. Each request counts against both before anything else happens.
 */
export const RESET_REQUEST_LIMITS = {
  windowMs: 60 * 60_000,
  perEmail: 5,
  perIp: 20,
} as const;

/** Counts one request under `key` in one statement; returns the count in the current window. */
async function countRequest(db: Db, key: string, now: Date): Promise<{ requests: number; since: Date }> {
  const windowStart = new Date(now.getTime() - RESET_REQUEST_LIMITS.windowMs);
  const current = sql<boolean>`password_reset_requests.window_started_at > ${windowStart}`;
  const row = await db
    .insertInto('password_reset_requests')
    .values({ key, requests: 1, window_started_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        requests: sql<number>`case when ${current} then password_reset_requests.requests + 1 else 1 end`,
        window_started_at: sql<Date>`case when ${current}
          then password_reset_requests.window_started_at else ${now} end`,
      }),
    )
    .returning(['requests', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { requests: row.requests, since: row.window_started_at };
}

/** Counts a request for `email` from `ip`; throws `TooManyAttempts` when either is over its limit. */
export async function countResetRequest(db: Db, email: string, ip: string, now: Date): Promise<void> {
  const byEmail = await countRequest(db, `email:${email.trim().toLowerCase()}`, now);
  const byIp = await countRequest(db, `ip:${ip}`, now);
  const over = [
    byEmail.requests > RESET_REQUEST_LIMITS.perEmail ? byEmail.since : null,
    byIp.requests > RESET_REQUEST_LIMITS.perIp ? byIp.since : null,
  ].filter((since): since is Date => since !== null);
  if (over.length === 0) return;
  const until = Math.max(...over.map((since) => since.getTime() + RESET_REQUEST_LIMITS.windowMs));
  const minutes = Math.max(1, Math.ceil((until - now.getTime()) / 60_000));
  throw new TooManyAttempts(
    `Too many password reset requests: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    'too_many_reset_requests',
  );
}
