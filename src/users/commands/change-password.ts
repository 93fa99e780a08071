import type { Db } from '../../db/index.js';
import { Invalid, NotFound } from '../../errors.js';
import { failureKey, forgetFailures, holdBackAttempt, realSleep, type Sleep } from '../login-failures.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../passwords.js';
import { findUserById } from '../queries.js';
import { revokeUserSessions } from '../sessions.js';

/**
 * A user changes their own password; every other session of theirs ends. The current password is
 * a guess like a sign-in's (a stolen session must not be a way to try passwords): it counts against
 * the same per-account limit, slowed and refused alike.
 */
export async function changeOwnPassword(
  db: Db,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    keepSessionToken: string;
    now: Date;
    sleep?: Sleep;
  },
): Promise<void> {
  const user = await findUserById(db, input.userId);
  if (!user) throw new NotFound('User');
  const key = failureKey(user.email);
  await holdBackAttempt(db, key, input.now, input.sleep ?? realSleep);
  if (!(await verifyPassword(input.currentPassword, user.password_hash ?? DUMMY_HASH))) {
    throw new Invalid('The current password is wrong.', { field: 'current_password' }, 'wrong_password');
  }
  await forgetFailures(db, key);
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: input.now })
    .where('id', '=', user.id)
    .execute();
  await revokeUserSessions(db, user.id, input.keepSessionToken);
}
