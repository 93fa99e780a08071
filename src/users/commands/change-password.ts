import type { Db } from '../../db/index.js';
import { Invalid } from '../../errors.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { findUserById } from '../queries.js';
import { revokeUserSessions } from '../sessions.js';

/** A user changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(
  db: Db,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    keepSessionToken: string;
    now: Date;
  },
): Promise<void> {
  const user = await findUserById(db, input.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new Invalid('The current password is wrong.', { field: 'current_password' }, 'wrong_password');
  }
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: input.now })
    .where('id', '=', user.id)
    .execute();
  await revokeUserSessions(db, user.id, input.keepSessionToken);
}
