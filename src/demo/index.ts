import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { seedDemoBot } from '../chatbot/index.js';
import type { Database, Db } from '../db/index.js';
import { createUser, findUserByEmail, generatePassword } from '../users/index.js';
import { seedDemoConversations } from './conversations.js';

export const DEMO_ADMIN_EMAIL = 'admin@parley.example';

export interface DemoOutcome {
  /** Set when the demo admin was created now: the only time its password is ever shown. */
  admin: { email: string; password: string } | null;
}

/** The demo needs the pool too: the audit demo goes through the real CSV importer. */
export interface DemoTarget {
  db: Db;
  pool: pg.Pool;
}

/**
 * Loads the demo data set: a demo admin (with a generated password), a chatbot to try in the
 * simulator, and Spoke-like conversations to audit. Idempotent: what exists already is left alone.
 */
export async function loadDemo(target: DemoTarget, now = new Date()): Promise<DemoOutcome> {
  const outcome = await target.db.transaction().execute(seedDemo);
  await seedDemoConversations(target, now);
  return outcome;
}

async function seedDemo(trx: Transaction<Database>): Promise<DemoOutcome> {
  // Two processes starting at once must not both create the demo.
  await sql`select pg_advisory_xact_lock(hashtext('parley:demo'))`.execute(trx);
  let admin: DemoOutcome['admin'] = null;
  if (!(await findUserByEmail(trx, DEMO_ADMIN_EMAIL))) {
    const password = generatePassword();
    await createUser(trx, { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', role: 'admin', password });
    admin = { email: DEMO_ADMIN_EMAIL, password };
  }
  // A bot to try in the simulator at once (Chatbots → Demonstração → Simulator).
  await seedDemoBot(trx);
  await markInitialised(trx, 'demo');
  return { admin };
}

/**
 * On the first start of an empty database, loads the demo (when enabled). Returns what to tell
 * the operator, or null when the instance was initialised before.
 */
export async function initialiseOnFirstStart(
  target: DemoTarget,
  demo: 'auto' | 'off',
): Promise<DemoOutcome | { admin: null; empty: true } | null> {
  const outcome = await target.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('parley:first-start'))`.execute(trx);
    const seen = await trx
      .selectFrom('app_meta')
      .select('key')
      .where('key', '=', 'initialised')
      .executeTakeFirst();
    if (seen) return null;
    const users = await trx.selectFrom('users').select('id').limit(1).execute();
    if (users.length > 0 || demo === 'off') {
      await markInitialised(trx, 'existing');
      return users.length > 0 ? null : { admin: null, empty: true as const };
    }
    return seedDemo(trx);
  });
  if (outcome && !('empty' in outcome)) await seedDemoConversations(target, new Date());
  return outcome;
}

async function markInitialised(db: Db, how: string): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key: 'initialised', value: JSON.stringify({ how, at: new Date().toISOString() }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
