import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { TooManyAttempts } from '../errors.js';

/**
 * The per-account limit on password guesses, shared by sign-in and the own-password change: every
 * attempt on an account is counted before its password is checked, held back once the account has
 * failed FREE_ATTEMPTS times, and refused unchecked past LOCK_AFTER; a success forgets the count.
 * The count lives in `login_failures` (keyed by the lower-cased e-mail, known or not), so it holds
 * across processes and for parallel requests.
 */

/** Attempts count while each comes within this time of the one before. */
const FAILURE_WINDOW_MS = 15 * 60_000;
const FREE_ATTEMPTS = 5;
const MAX_DELAY_MS = 10_000;
/** After this many attempts in the window, no password is checked until the window has passed. */
export const LOCK_AFTER = 50;

/** How long to hold a login attempt back after `failures` recent failures: 0, then 1 s, 2 s … 10 s. */
export function throttleDelayMs(failures: number): number {
  return failures < FREE_ATTEMPTS ? 0 : Math.min((failures - FREE_ATTEMPTS + 1) * 1000, MAX_DELAY_MS);
}

/** The key of an account in `login_failures`: e-mails are unique case-insensitively. */
export function failureKey(email: string): string {
  return email.trim().toLowerCase();
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts one attempt on an account — in one statement, so parallel attempts each get their own
 * number — then waits as long as the failures before it call for, or refuses it once the account
 * is locked. The attempt stays counted as a failure unless `forgetFailures` follows a success.
 * Refused attempts still count but do not extend the lock.
 */
export async function holdBackAttempt(
  db: Db,
  key: string,
  now: Date,
  sleep: Sleep = realSleep,
): Promise<void> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const recent = sql<boolean>`login_failures.last_failed_at > ${windowStart}`;
  const { failures, last_failed_at } = await db
    .insertInto('login_failures')
    .values({ email_key: key, failures: 1, last_failed_at: now })
    .onConflict((oc) =>
      oc.column('email_key').doUpdateSet({
        failures: sql<number>`case when ${recent} then login_failures.failures + 1 else 1 end`,
        last_failed_at: sql<Date>`case when ${recent} and login_failures.failures >= ${LOCK_AFTER}
          then login_failures.last_failed_at else ${now} end`,
      }),
    )
    .returning(['failures', 'last_failed_at'])
    .executeTakeFirstOrThrow();
  const before = failures - 1;
  if (before >= LOCK_AFTER) {
    const minutes = Math.max(
      1,
      Math.ceil((last_failed_at.getTime() + FAILURE_WINDOW_MS - now.getTime()) / 60_000),
    );
    throw new TooManyAttempts(
      `Too many failed attempts on this account: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
  const delay = throttleDelayMs(before);
  if (delay > 0) await sleep(delay);
}

/** A correct password was given: the account's failures are forgotten. */
export async function forgetFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email_key', '=', key).execute();
}
