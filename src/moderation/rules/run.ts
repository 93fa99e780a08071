import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/index.js';
import { compileRule, type Matcher } from './matchers.js';
import { type ScannedMessage, scanByCopy } from './scan-copy.js';
import type { RuleRow } from './store.js';

/** Which messages a run reads: those after a message id (new since the last run), or a campaign's. */
export type RunScope = { afterMessageId: number; throughMessageId: number } | { campaignId: number };

export interface RunResult {
  scanned: number;
  matched: number;
  flagged: number;
  samples: { message_id: number; conversation_id: number; text: string }[];
  /** Where the time went: reading and matching (flags raised meanwhile with COPY), then the flags left. */
  timings: { read_and_match_ms: number; flag_ms: number };
}

/** Rows per fetch from the run's cursor. */
const FETCH = 20_000;
const SAMPLES = 20;

/** Matches as parallel lists: message, its conversation, campaign and texter, the rule. */
interface Found {
  messages: number[];
  conversations: number[];
  campaigns: number[];
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
    'campaignId' in scope
      ? sql`c.campaign_id = ${scope.campaignId}`
      : sql`m.id > ${scope.afterMessageId} and m.id <= ${scope.throughMessageId}`;
  await db.transaction().execute(async (trx) => {
    await sql`set local cursor_tuple_fraction = 1`.execute(trx);
    await sql`
      declare moderation_scan no scroll cursor for
      select m.id, m.conversation_id, c.campaign_id,
             case when m.from_contact then null else coalesce(m.texter_id, c.texter_id) end as texter_id,
             m.from_contact, m.text, c.opted_out
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
  const compiled: { id: number; match: Matcher }[] = rules.map((rule) => ({
    id: rule.id,
    match: compileRule({ kind: rule.kind as 'keyword', terms: rule.terms, pattern: rule.pattern }),
  }));
  const result: RunResult = {
    scanned: 0,
    matched: 0,
    flagged: 0,
    samples: [],
    timings: { read_and_match_ms: 0, flag_ms: 0 },
  };
  if (compiled.length === 0) return result;
  const copy = options.pool !== undefined && 'afterMessageId' in scope;
  const { now, pool } = options;
  // With COPY, two connections flag at once (batches hold whole messages: never the same item).
  const flags = flagQueue([
    (batch) => flagInBatches(db, batch, now),
    ...(copy && pool ? [(batch: Found) => flagOnPool(pool, batch, now)] : []),
  ]);
  let found = noneFound();
  const t0 = performance.now();
  const onPage = (page: ScannedMessage[]) => {
    for (const message of page) matchMessage(message, compiled, found, result);
    result.scanned += page.length;
    // COPY reads on a connection of its own: the flags are written meanwhile on `db`. A cursor
    // lives in a transaction on `db`, which flagging would commit: its matches wait for the end.
    if (copy && options.flag && found.messages.length >= FLAG_BATCH) {
      flags.push(found);
      found = noneFound();
    }
  };
  if (copy && options.pool && 'afterMessageId' in scope) {
    await scanByCopy(options.pool, { after: scope.afterMessageId, through: scope.throughMessageId }, onPage);
  } else {
    await scan(db, scope, onPage);
  }
  const t1 = performance.now();
  if (options.flag) flags.push(found);
  result.flagged = await flags.done();
  result.timings = { read_and_match_ms: t1 - t0, flag_ms: performance.now() - t1 };
  return result;
}

const noneFound = (): Found => ({ messages: [], conversations: [], campaigns: [], texters: [], rules: [] });

/**
 * Batches of matches flagged in the background, handed in turn to each lane (a connection), each
 * lane's batches one after another; `done` answers the flags raised.
 */
function flagQueue(lanes: ((batch: Found) => Promise<number>)[]) {
  const chains = lanes.map(() => Promise.resolve(0));
  let turn = 0;
  return {
    push(batch: Found) {
      const lane = turn++ % lanes.length;
      const chain = chains[lane]!.then(async (raised) => raised + (await lanes[lane]!(batch)));
      // A failure is reported by `done`, not as an unhandled rejection while the read goes on.
      chain.catch(() => undefined);
      chains[lane] = chain;
    },
    done: async () => (await Promise.all(chains)).reduce((sum, raised) => sum + raised, 0),
  };
}

/** Every rule over one message: its matches appended to `found`, counted and sampled. */
function matchMessage(
  message: ScannedMessage,
  compiled: readonly { id: number; match: Matcher }[],
  found: Found,
  result: RunResult,
): void {
  let hit = false;
  for (const rule of compiled) {
    if (!rule.match(message.text, message.from_contact, message.opted_out)) continue;
    hit = true;
    found.messages.push(message.id);
    found.conversations.push(message.conversation_id);
    found.campaigns.push(message.campaign_id);
    found.texters.push(message.texter_id);
    found.rules.push(rule.id);
  }
  if (!hit) return;
  result.matched++;
  if (result.samples.length < SAMPLES) {
    result.samples.push({
      message_id: message.id,
      conversation_id: message.conversation_id,
      text: message.text,
    });
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
        campaigns: slice(found.campaigns),
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
                                     ${found.campaigns}::integer[], ${found.texters}::integer[],
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
      `select moderation_flag_matches($1::bigint[], $2::bigint[], $3::integer[], $4::integer[],
                                      $5::integer[], $6::timestamptz) as raised`,
      [found.messages, found.conversations, found.campaigns, found.texters, found.rules, now],
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
 * the mark moves on. One run at a time (an advisory lock): a second waits, then finds less to do.
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
      const { rows } = await sql<{ max: number | null }>`select max(id) as max from messages`.execute(conn);
      const through = rows[0]?.max ?? 0;
      const rules = await conn
        .selectFrom('moderation_rules')
        .selectAll()
        .where('enabled', '=', true)
        .execute();
      const result =
        through > after
          ? await runRules(
              conn,
              rules,
              { afterMessageId: after, throughMessageId: through },
              { flag: true, now, pool },
            )
          : {
              scanned: 0,
              matched: 0,
              flagged: 0,
              samples: [],
              timings: { read_and_match_ms: 0, flag_ms: 0 },
            };
      await conn
        .updateTable('moderation_settings')
        .set({ rules_scanned_through: Math.max(after, through) })
        .execute();
      return { ...result, through };
    } finally {
      await sql`select pg_advisory_unlock(hashtext('parley_moderation_rules'))`.execute(conn);
    }
  });
}
