import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { failureKey, forgetFailures, holdBackAttempt, realSleep, type Sleep } from '../login-failures.js';
import { DUMMY_HASH, verifyPassword } from '../passwords.js';
import { findUserByEmail } from '../queries.js';

export interface AuthenticateOptions {
  now: Date;
  sleep?: Sleep;
}

/**
 * The user for these credentials, or null. Unknown e-mail, wrong password and disabled account
 * are indistinguishable to the caller, and take the same time (a dummy hash is checked when the
 * e-mail is unknown). Attempts on one e-mail are counted, slowed and, past a limit, refused
 * (`TooManyAttempts`) before the password is checked: see login-failures.ts.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  { now, sleep = realSleep }: AuthenticateOptions,
): Promise<UserRow | null> {
  const key = failureKey(email);
  await holdBackAttempt(db, key, now, sleep);
  const user = await findUserByEmail(db, key);
  const matches = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !matches || user.disabled) return null;
  await forgetFailures(db, key);
  return db
    .updateTable('users')
    .set({ last_login_at: now })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
