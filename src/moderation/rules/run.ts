import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/index.js';
import { compileRuleSet } from './matchers.js';
import { type ScannedMessage, scanByCopy } from './scan-copy.js';
import type { RuleRow } from './store.js';

/** Which messages a run reads: those after a message id (new since the last run), or a campaign's. */
export type RunScope = { afterMessageId: number } | { campaignId: number };

export interface RunResult {
  scanned: number;
  matched: number;
  flagged: number;
  samples: { message_id: number; conversation_id: number; text: string }[];
  /** The highest message id read (0 when none). */
  lastMessageId: number;
  /** Where the time went: reading and matching (flags raised meanwhile with COPY), then the flags left. */
  timings: { read_and_match_ms: number; flag_ms: number };
}

/** Rows per fetch from the run's cursor. */
const FETCH = 20_000;
const SAMPLES = 20;

/** Matches as parallel lists: message, its conversation, who wrote it, the rule. */
interface Found {
  messages: number[];
  conversations: number[];
  fromContact: boolean[];
  texters: (number | null)[];
  rules: number[];
}

/**
 * Streams the scope's messages through one server-side cursor, page by page to `onPage`: a single
 * pass over the messages (hash-joined with their conversations) rather than a lookup per
 * conversation. Messages have no index on id, so a range of ids is a filter on that one
 * sequential read; the planner is told the whole result is wanted (no fast-start plan).
 */
async function scan(db: Db, scope: RunScope, onPage: (rows: ScannedMessage[]) => void): Promise<void> {
  const inScope =
    'campaignId' in scope ? sql`c.campaign_id = ${scope.campaignId}` : sql`m.id > ${scope.afterMessageId}`;
  await db.transaction().execute(async (trx) => {
    await sql`set local cursor_tuple_fraction = 1`.execute(trx);
    await sql`
      declare moderation_scan no scroll cursor for
      select m.id, m.conversation_id, m.texter_id, m.from_contact, m.text, c.opted_out
        from messages m join conversations c on c.id = m.conversation_id
       where ${inScope}`.execute(trx);
    for (;;) {
      const { rows } =
        await sql<ScannedMessage>`fetch ${sql.raw(String(FETCH))} from moderation_scan`.execute(trx);
      if (rows.length === 0) break;
      onPage(rows);
    }
  });
}

/**
 * Runs rules over messages; with `flag`, each match becomes a flag of the rule (once per message
 * and rule, ever: a resolved flag is not raised again by the next run), else only counted and
 * sampled (the "test this rule" preview).
 */
export async function runRules(
  db: Db,
  rules: readonly RuleRow[],
  scope: RunScope,
  options: { flag: boolean; now: Date; pool?: pg.Pool },
): Promise<RunResult> {
  const result: RunResult = {
    scanned: 0,
    matched: 0,
    flagged: 0,
    samples: [],
    lastMessageId: 0,
    timings: { read_and_match_ms: 0, flag_ms: 0 },
  };
  if (rules.length === 0) return result;
  const match = compileRuleSet(
    rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind as 'keyword',
      terms: rule.terms,
      pattern: rule.pattern,
    })),
  );
  const { now, pool } = options;
  const copy = pool !== undefined && 'afterMessageId' in scope;
  // With COPY, two connections flag at once (batches hold whole messages: never the same item).
  const flags = flagQueue([
    (batch) => flagInBatches(db, batch, now),
    ...(copy && pool ? [(batch: Found) => flagOnPool(pool, batch, now)] : []),
  ]);
  let found = noneFound();
  // COPY reads on a connection of its own: the flags are written meanwhile on `db`. A cursor
  // lives in a transaction on `db`, which flagging would commit: its matches wait for the end.
  const pageDone = () => {
    if (copy && options.flag && found.messages.length >= FLAG_BATCH) {
      flags.push(found);
      found = noneFound();
    }
  };
  const t0 = performance.now();
  if (copy && pool && 'afterMessageId' in scope) {
    const read = await scanByCopy(
      pool,
      scope.afterMessageId,
      (line) => matchMessage(line, match, found, result),
      pageDone,
    );
    result.scanned = read.scanned;
    result.lastMessageId = read.lastId;
  } else {
    await scan(db, scope, (rows) => {
      for (const row of rows) {
        matchMessage(row, match, found, result);
        result.lastMessageId = Math.max(result.lastMessageId, row.id);
      }
      result.scanned += rows.length;
    });
  }
  const t1 = performance.now();
  if (options.flag) flags.push(found);
  result.flagged = await flags.done();
  result.timings = { read_and_match_ms: t1 - t0, flag_ms: performance.now() - t1 };
  return result;
}

const noneFound = (): Found => ({ messages: [], conversations: [], fromContact: [], texters: [], rules: [] });

/**
 * Batches of matches flagged in the background, each handed to the lane (a connection) with the
 * fewest batches waiting or running, each lane's batches one after another; `done` answers the
 * flags raised.
 */
function flagQueue(lanes: ((batch: Found) => Promise<number>)[]) {
  const chains = lanes.map(() => Promise.resolve(0));
  const queued = lanes.map(() => 0);
  return {
    push(batch: Found) {
      if (batch.messages.length === 0) return;
      const lane = queued.indexOf(Math.min(...queued));
      queued[lane]!++;
      const chain = chains[lane]!.then(async (raised) => {
        try {
          return raised + (await lanes[lane]!(batch));
        } finally {
          queued[lane]!--;
        }
      });
      // A failure is reported by `done`, not as an unhandled rejection while the read goes on.
      chain.catch(() => undefined);
      chains[lane] = chain;
    },
    done: async () => (await Promise.all(chains)).reduce((sum, raised) => sum + raised, 0),
  };
}

/**
 * Every rule over one message: its matches appended to `found`, counted and sampled. The message
 * may be a COPY line read in place: only a match reads its ids, and nothing keeps it.
 */
function matchMessage(
  message: ScannedMessage,
  match: ReturnType<typeof compileRuleSet>,
  found: Found,
  result: RunResult,
): void {
  const hits = match(message);
  if (hits.length === 0) return;
  const id = message.id;
  const conversation = message.conversation_id;
  for (const rule of hits) {
    found.messages.push(id);
    found.conversations.push(conversation);
    found.fromContact.push(message.from_contact);
    found.texters.push(message.texter_id);
    found.rules.push(rule);
  }
  result.matched++;
  if (result.samples.length < SAMPLES) {
    result.samples.push({ message_id: id, conversation_id: conversation, text: message.text });
  }
}

/** Matches flagged per transaction. */
const FLAG_BATCH = 10_000;

async function flagInBatches(db: Db, found: Found, now: Date): Promise<number> {
  let flagged = 0;
  for (let at = 0; at < found.messages.length; at += FLAG_BATCH) {
    const slice = <T>(list: T[]) => list.slice(at, at + FLAG_BATCH);
    flagged += await flagMatches(
      db,
      {
        messages: slice(found.messages),
        conversations: slice(found.conversations),
        fromContact: slice(found.fromContact),
        texters: slice(found.texters),
        rules: slice(found.rules),
      },
      now,
    );
  }
  return flagged;
}

async function flagMatches(db: Db, found: Found, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ raised: number }>`
      select moderation_flag_matches(${found.messages}::bigint[], ${found.conversations}::bigint[],
                                     ${found.fromContact}::boolean[], ${found.texters}::integer[],
                                     ${found.rules}::integer[], ${now}::timestamptz) as raised`.execute(trx);
    return rows[0]?.raised ?? 0;
  });
}

/** One batch flagged in one transaction on a connection of the pool. */
async function flagOnPool(pool: pg.Pool, found: Found, now: Date): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ raised: number }>(
      `select moderation_flag_matches($1::bigint[], $2::bigint[], $3::boolean[], $4::integer[],
                                      $5::integer[], $6::timestamptz) as raised`,
      [found.messages, found.conversations, found.fromContact, found.texters, found.rules, now],
    );
    await client.query('commit');
    return rows[0]?.raised ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The enabled rules over every message stored since the last run (messages' ids only grow), then
 * the mark moves on to the highest id read. One run at a time (an advisory lock): a second waits,
 * then finds less to do.
 */
export async function runRulesOnNewMessages(
  db: Db,
  now: Date,
  pool?: pg.Pool,
): Promise<RunResult & { through: number }> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('parley_moderation_rules'))`.execute(conn);
    try {
      const { rules_scanned_through: after } = await conn
        .selectFrom('moderation_settings')
        .select('rules_scanned_through')
        .executeTakeFirstOrThrow();
      const rules = await conn
        .selectFrom('moderation_rules')
        .selectAll()
        .where('enabled', '=', true)
        .execute();
      // The mark is the highest id the scan read, not max(id) before it: that would be one more
      // sequential read of every message (no index on id), and the scan's snapshot is the one
      // whose messages were matched.
      const result = await runRules(conn, rules, { afterMessageId: after }, { flag: true, now, pool });
      // With no rule enabled nothing is read, and what came meanwhile is not for later rules.
      const last = rules.length > 0 ? result.lastMessageId : await lastMessageId(conn);
      const through = Math.max(after, last);
      if (through > after) {
        await conn.updateTable('moderation_settings').set({ rules_scanned_through: through }).execute();
      }
      return { ...result, through };
    } finally {
      await sql`select pg_advisory_unlock(hashtext('parley_moderation_rules'))`.execute(conn);
    }
  });
}

async function lastMessageId(db: Db): Promise<number> {
  const { rows } = await sql<{ max: number | null }>`select max(id) as max from messages`.execute(db);
  return rows[0]?.max ?? 0;
}
