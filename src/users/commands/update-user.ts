import type { LanguageCode } from '../../../common/languages.js';
import type { Role } from '../../../common/roles.js';
import type { Db } from '../../db/index.js';
import type { UserRow, UserUpdate } from '../../db/rows.js';
import { Conflict, NotFound } from '../../errors.js';
import { failureKey, forgetFailures } from '../login-failures.js';
import { hashPassword } from '../passwords.js';
import { countOtherActiveAdmins } from '../queries.js';
import { revokeUserSessions } from '../sessions.js';

export interface UserPatch {
  name?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
  language?: LanguageCode | undefined;
  password?: string | undefined;
}

/**
 * Changes a user. Disabling or resetting the password ends the user's sessions; the last enabled
 * admin can be neither demoted nor disabled (the instance would have no one to administer it).
 */
export async function updateUser(db: Db, id: number, patch: UserPatch, now: Date): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFound('User');
    const losesAdmin =
      current.role === 'admin' &&
      !current.disabled &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin) {
      // Serialise concurrent demotions so two admins cannot demote each other at once.
      await trx.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute();
      if ((await countOtherActiveAdmins(trx, id)) === 0) {
        throw new Conflict('This is the last enabled admin: make another user admin first.', 'last_admin');
      }
    }
    const changes: UserUpdate = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.disabled !== undefined) changes.disabled = patch.disabled;
    if (patch.language !== undefined) changes.language = patch.language;
    if (patch.password !== undefined) {
      changes.password_hash = await hashPassword(patch.password);
      changes.password_changed_at = now;
    }
    if (Object.keys(changes).length === 0) return current;
    const updated = await trx
      .updateTable('users')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.disabled === true || patch.password !== undefined) await revokeUserSessions(trx, id);
    // A new password also lifts a lock on the account (failed attempts on the old one).
    if (patch.password !== undefined) await forgetFailures(trx, failureKey(current.email));
    return updated;
  });
}
