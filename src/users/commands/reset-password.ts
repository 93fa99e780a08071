import { sql } from 'kysely';
import { RESET_VALID_MINUTES } from '../../../common/api/accounts.js';
import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { passwordResetEmail, queueEmail } from '../../email/index.js';
import { failureKey, forgetFailures } from '../login-failures.js';
import { hashPassword } from '../passwords.js';
import { findUserByEmail } from '../queries.js';
import { countResetRequest } from '../reset-limits.js';
import { revokeUserSessions } from '../sessions.js';
import { findValidToken, issueToken, useToken } from '../tokens.js';

/** The job that looks the account up and sends the link, away from the request (see below). */
export const RESET_TASK = 'password_reset_send';

export interface ResetRequest {
  email: string;
  /** The client's address: requests are limited per address too. */
  ip: string;
  publicUrl: string;
  now: Date;
}

/**
 * "Forgot password", as the request sees it: the request is counted (per e-mail and per client
 * address) and handed to a job, whatever the address. Nothing that depends on whether it has an
 * account happens before the answer, so the answer and its timing are the same either way.
 */
export async function requestPasswordReset(db: Db, request: ResetRequest): Promise<void> {
  await countResetRequest(db, request.email, request.ip, request.now);
  const payload = JSON.stringify({ email: request.email.trim(), public_url: request.publicUrl });
  await sql`select graphile_worker.add_job(${RESET_TASK}, ${payload}::json, max_attempts := 3)`.execute(db);
}

/**
 * The job's part: an enabled account with this e-mail gets a one-time link (1 hour), queued in the
 * transaction that stores the token; an earlier unused link ends. No account, or a disabled one:
 * nothing is sent.
 */
export async function sendPasswordReset(
  db: Db,
  request: { email: string; publicUrl: string; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, request.email);
    if (!user || user.disabled) return false;
    const token = await issueToken(trx, user.id, 'reset', RESET_VALID_MINUTES * 60_000, request.now);
    await queueEmail(
      trx,
      {
        kind: passwordResetEmail,
        locale: user.language,
        to: { address: user.email, ...(user.name ? { name: user.name } : {}) },
        variables: {
          name: user.name,
          email: user.email,
          link: `${request.publicUrl.replace(/\/+$/, '')}/reset-password/${token}`,
          valid_minutes: RESET_VALID_MINUTES,
        },
        secret: true,
      },
      request.now,
    );
    return true;
  });
}

/**
 * Sets a new password by a reset link: the token is used up, the account's other links end, every
 * session of the account ends (whoever else was signed in is out) and a sign-in lock lifts.
 */
export async function completePasswordReset(
  db: Db,
  input: { token: string; password: string; now: Date },
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await findValidToken(trx, input.token, 'reset', input.now);
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: input.now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await useToken(trx, input.token, user.id, input.now);
    await revokeUserSessions(trx, user.id);
    await forgetFailures(trx, failureKey(user.email));
    return updated;
  });
}
