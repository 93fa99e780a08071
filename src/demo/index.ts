import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { seedDemoBot, seedDemoBotConversations } from '../chatbot/index.js';
import type { DemoSetting } from '../config.js';
import type { Database, Db } from '../db/index.js';
import { seedDemoModeration } from '../moderation/index.js';
import { createUser, findUserByEmail, generatePassword } from '../users/index.js';
import { seedDemoConversations } from './conversations.js';

export const DEMO_ADMIN_EMAIL = 'admin@parley.example';

/** Where the demo admin's generated password is written, in the data directory (never printed). */
const DEMO_CREDENTIALS_FILE = 'demo-admin.txt';

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
 * simulator with a few hundred conversations of made-up users (for its drop-off numbers and the
 * chatbot reports), Spoke-like conversations to audit, and moderation flags in every state.
 * Idempotent: what exists already is left alone.
 */
export async function loadDemo(target: DemoTarget, now = new Date()): Promise<DemoOutcome> {
  const outcome = await target.db.transaction().execute(seedDemo);
  await seedDemoData(target, now);
  return outcome;
}

/**
 * The demo's conversations (audit and chatbot) and its moderation flags, by the demo admin; each
 * part leaves alone what exists. Marked done at the end, so that a first start stopped midway
 * finishes them at the next start.
 */
async function seedDemoData(target: DemoTarget, now: Date): Promise<void> {
  await seedDemoConversations(target, now);
  await seedDemoBotConversations(target.db, now);
  const admin = await findUserByEmail(target.db, DEMO_ADMIN_EMAIL);
  if (admin) await seedDemoModeration(target.db, admin.id, now);
  await mark(target.db, DEMO_DATA_KEY, {});
}

/** Set once the demo's data is all in (`seedDemoData`). */
const DEMO_DATA_KEY = 'demo_data';

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
  await mark(trx, 'initialised', { how: 'demo' });
  return { admin };
}

/**
 * Writes the demo admin's e-mail and password to `dataDir/demo-admin.txt`, readable by its owner
 * only (mode 600), and returns the file's path: a password printed would stay in terminal
 * scroll-back and in every log that collects the process's output.
 */
export async function saveDemoCredentials(
  dataDir: string,
  admin: { email: string; password: string },
): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  // A new file every time: an old one may have been made readable by others.
  await rm(file, { force: true });
  await writeFile(file, `e-mail: ${admin.email}\npassword: ${admin.password}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

/**
 * Whether a first start loads the demo: `on` always, `off` never, `auto` only on the embedded
 * database (an external DATABASE_URL is a real deployment, where made-up data does not belong).
 */
export function demoWanted(demo: DemoSetting, embedded: boolean): boolean {
  return demo === 'on' || (demo === 'auto' && embedded);
}

/**
 * On the first start of an empty database, loads the demo (when wanted, see `demoWanted`).
 * Returns what to tell the operator, or null when the instance was initialised before.
 */
export async function initialiseOnFirstStart(
  target: DemoTarget & { embedded: boolean },
  demo: DemoSetting,
): Promise<DemoOutcome | { admin: null; empty: true } | null> {
  let unfinished = false;
  const outcome = await target.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('parley:first-start'))`.execute(trx);
    const seen = await trx
      .selectFrom('app_meta')
      .select(['key', sql<string | null>`value ->> 'how'`.as('how')])
      .where('key', 'in', ['initialised', DEMO_DATA_KEY])
      .execute();
    const initialised = seen.find((row) => row.key === 'initialised');
    if (initialised) {
      // A first start that loaded the demo and stopped before its data was all in.
      unfinished = initialised.how === 'demo' && !seen.some((row) => row.key === DEMO_DATA_KEY);
      return null;
    }
    const users = await trx.selectFrom('users').select('id').limit(1).execute();
    if (users.length > 0 || !demoWanted(demo, target.embedded)) {
      await mark(trx, 'initialised', { how: 'existing' });
      return users.length > 0 ? null : { admin: null, empty: true as const };
    }
    return seedDemo(trx);
  });
  if ((outcome && !('empty' in outcome)) || unfinished) await seedDemoData(target, new Date());
  return outcome;
}

/** Records a once-only step in `app_meta` (`initialised`, `demo_data`), with when; a second is ignored. */
async function mark(db: Db, key: string, value: Record<string, string>): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value: JSON.stringify({ ...value, at: new Date().toISOString() }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
