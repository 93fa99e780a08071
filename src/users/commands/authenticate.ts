import type { Db } from '../../db/index.js';
import type { UserRow } from '../../db/rows.js';
import { DUMMY_HASH, verifyPassword } from '../passwords.js';
import { findUserByEmail } from '../queries.js';

/** Failures within this window count towards slowing down further attempts on the same e-mail. */
const FAILURE_WINDOW_MS = 15 * 60_000;
const FREE_ATTEMPTS = 5;
const MAX_DELAY_MS = 10_000;

/** How long to hold a login attempt back after `failures` recent failures: 0, then 1 s, 2 s … 10 s. */
export function throttleDelayMs(failures: number): number {
  return failures < FREE_ATTEMPTS ? 0 : Math.min((failures - FREE_ATTEMPTS + 1) * 1000, MAX_DELAY_MS);
}

export interface AuthenticateOptions {
  now: Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The user for these credentials, or null. Unknown e-mail, wrong password and disabled account
 * are indistinguishable to the caller, and take the same time (a dummy hash is checked when the
 * e-mail is unknown). Repeated failures on one e-mail are slowed down.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  { now, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }: AuthenticateOptions,
): Promise<UserRow | null> {
  const emailKey = email.trim().toLowerCase();
  const record = await db
    .selectFrom('login_failures')
    .selectAll()
    .where('email_key', '=', emailKey)
    .executeTakeFirst();
  const recent =
    record && now.getTime() - record.last_failed_at.getTime() < FAILURE_WINDOW_MS ? record.failures : 0;
  const delay = throttleDelayMs(recent);
  if (delay > 0) await sleep(delay);

  const user = await findUserByEmail(db, emailKey);
  const matches = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (user && matches && !user.disabled) {
    await db.deleteFrom('login_failures').where('email_key', '=', emailKey).execute();
    return db
      .updateTable('users')
      .set({ last_login_at: now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await db
    .insertInto('login_failures')
    .values({ email_key: emailKey, failures: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.column('email_key').doUpdateSet({
        failures: recent + 1,
        last_failed_at: now,
      }),
    )
    .execute();
  return null;
}
