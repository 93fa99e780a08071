import { randomBytes } from 'node:crypto';
import type { UserTokenPurpose } from '../db/column-types.js';
import type { Db } from '../db/index.js';
import type { UserRow } from '../db/rows.js';
import { Invalid } from '../errors.js';
import { hashToken } from './sessions.js';

/**
 * One-time links (invitations, password resets). The link carries 32 random bytes; only their
 * SHA-256 is stored. A token is used once: consuming it marks it used in the same transaction as
 * what it allows, under a row lock, so two requests with one token cannot both succeed.
 */

/**
 * A new token for the user; the user's other unused tokens of that purpose end (a resent
 * invitation or a second reset request makes the earlier links useless).
 */
export async function issueToken(
  db: Db,
  userId: number,
  purpose: UserTokenPurpose,
  validMs: number,
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .deleteFrom('user_tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('user_tokens')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: new Date(now.getTime() + validMs),
    })
    .execute();
  return token;
}

const invalid = () =>
  new Invalid('This link is not valid or was already used.', { field: 'token' }, 'token_invalid');

/**
 * The user a valid token of `purpose` belongs to, the token locked for the caller's transaction.
 * Unknown, used, disabled-account and wrong-purpose tokens are `token_invalid`; expired ones
 * `token_expired`, so the page can offer a new link.
 */
export async function findValidToken(
  db: Db,
  token: string,
  purpose: UserTokenPurpose,
  now: Date,
): Promise<UserRow> {
  const row = await db
    .selectFrom('user_tokens')
    .innerJoin('users', 'users.id', 'user_tokens.user_id')
    .selectAll('users')
    .select(['user_tokens.expires_at', 'user_tokens.used_at', 'user_tokens.purpose'])
    .where('user_tokens.token_hash', '=', hashToken(token))
    .forUpdate('user_tokens')
    .executeTakeFirst();
  if (!row || row.purpose !== purpose || row.used_at !== null || row.disabled) throw invalid();
  if (row.expires_at <= now) {
    throw new Invalid('This link has expired: ask for a new one.', { field: 'token' }, 'token_expired');
  }
  const { expires_at: _e, used_at: _u, purpose: _p, ...user } = row;
  return user;
}

/**
 * Uses a token: marks it used and ends the user's other unused links (of every purpose: a password
 * was just set, an older invitation or reset link must not set another). Call inside the
 * transaction that acts on it, after `findValidToken`.
 */
export async function useToken(db: Db, token: string, userId: number, now: Date): Promise<void> {
  const tokenHash = hashToken(token);
  await db.updateTable('user_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).execute();
  await db
    .deleteFrom('user_tokens')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('token_hash', '<>', tokenHash)
    .execute();
}
