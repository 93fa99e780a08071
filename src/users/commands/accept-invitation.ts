import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { failureKey, forgetFailures } from '../login-failures.js';
import { hashPassword } from '../passwords.js';
import { findValidToken, useToken } from '../tokens.js';

/** What the invitation page shows: whose account the link sets up (and in which language). */
export async function findInvitation(db: Db, token: string, now: Date): Promise<UserRow> {
  return findValidToken(db, token, 'invite', now);
}

/**
 * An invited user sets their password by the link and is signed in (the caller starts the
 * session): the token is used up, the account's other unused links end.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; password: string; now: Date },
): Promise<UserRow> {
  // Hashed before the transaction, so the token's row lock is held for milliseconds.
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await findValidToken(trx, input.token, 'invite', input.now);
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: input.now, last_login_at: input.now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await useToken(trx, input.token, user.id, input.now);
    await forgetFailures(trx, failureKey(user.email));
    return updated;
  });
}
