import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { UserRow } from '../db/rows.js';
import type { SessionCache, SessionRecord } from './session-cache.js';

export interface SessionPolicy {
  idleHours: number;
  maxDays: number;
}

/** What is stored of a random token (sessions, one-time links): its SHA-256, so a database leak yields none. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Only refresh `last_seen_at`/`expires_at` this often, so most requests do not write. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  db: Db,
  userId: number,
  policy: SessionPolicy,
  now: Date,
  client: { ip?: string | null; userAgent?: string | null } = {},
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + policy.idleHours * 3_600_000),
      ip: client.ip ?? null,
      user_agent: client.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
  return token;
}

/**
 * The user behind a session token, or null when the token is unknown, expired or its user
 * disabled. Expiry slides with use (idle timeout) up to an absolute maximum age. With a `cache`,
 * a lookup of the last seconds answers instead of the database, unless the session is due a
 * touch or past its expiry by it (then the database decides).
 */
export async function resolveSession(
  db: Db,
  token: string,
  policy: SessionPolicy,
  now: Date,
  cache?: SessionCache | null,
): Promise<UserRow | null> {
  const tokenHash = hashToken(token);
  const cached = cache?.get(tokenHash);
  if (cached && isValid(cached, policy, now) && !touchDue(cached, now)) return userOf(cached);
  const ticket = cache?.ticket() ?? 0;
  let row: SessionRecord | undefined = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.created_at as session_created_at', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || !isValid(row, policy, now)) return null;
  if (touchDue(row, now)) {
    const hardLimit = row.session_created_at.getTime() + policy.maxDays * 86_400_000;
    const expires = new Date(Math.min(now.getTime() + policy.idleHours * 3_600_000, hardLimit));
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: expires })
      .where('token_hash', '=', tokenHash)
      .execute();
    row = { ...row, last_seen_at: now, expires_at: expires };
  }
  cache?.store(tokenHash, row, ticket);
  return userOf(row);
}

function isValid(row: SessionRecord, policy: SessionPolicy, now: Date): boolean {
  const hardLimit = row.session_created_at.getTime() + policy.maxDays * 86_400_000;
  return !row.disabled && row.expires_at > now && hardLimit > now.getTime();
}

function touchDue(row: SessionRecord, now: Date): boolean {
  return now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS;
}

function userOf(row: SessionRecord): UserRow {
  const { session_created_at: _c, last_seen_at: _l, expires_at: _e, ...user } = row;
  return user;
}

/** Ends one session; `cache` forgets it at once rather than on the notification. */
export async function revokeSession(db: Db, token: string, cache?: SessionCache | null): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  cache?.forgetToken(hashToken(token));
}

/** Ends every session of a user but, optionally, the one making the request. */
export async function revokeUserSessions(db: Db, userId: number, exceptToken?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptToken) query = query.where('token_hash', '<>', hashToken(exceptToken));
  await query.execute();
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.deleteFrom('login_failures').where('last_failed_at', '<', dayAgo).execute();
  // One-time links a day past their expiry (a late click still hears "expired" for that day).
  await db.deleteFrom('user_tokens').where('expires_at', '<', dayAgo).execute();
  await db.deleteFrom('password_reset_requests').where('window_started_at', '<', dayAgo).execute();
  return Number(result.numDeletedRows);
}
