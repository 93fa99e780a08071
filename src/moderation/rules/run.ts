import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { compileRule, type Matcher } from './matchers.js';
import type { RuleRow } from './store.js';

/** Which messages a run reads: those after a message id (new since the last run), or a campaign's. */
export type RunScope = { afterMessageId: number; throughMessageId: number } | { campaignId: number };

export interface RunResult {
  scanned: number;
  matched: number;
  flagged: number;
  samples: { message_id: number; conversation_id: number; text: string }[];
  /** Where the time went: reading and matching, and raising the flags. */
  timings: { read_and_match_ms: number; flag_ms: number };
}

interface ScannedMessage {
  id: number;
  conversation_id: number;
  campaign_id: number;
  /** The author when a texter wrote it. */
  texter_id: number | null;
  from_contact: boolean;
  text: string;
  opted_out: boolean;
}

/** Conversations per page: about 5 messages each. */
const SPAN = 5_000;
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
 * Pages through the scope's messages by ranges of conversation ids, each conversation's messages
 * read through the messages' one index (conversation, Spoke key): the whole run reads the table
 * once, without sorting it, whatever the statistics say.
 */
async function* pages(db: Db, scope: RunScope): AsyncGenerator<ScannedMessage[]> {
  const inScope =
    'campaignId' in scope
      ? sql`c.campaign_id = ${scope.campaignId}`
      : sql`m.id > ${scope.afterMessageId} and m.id <= ${scope.throughMessageId}`;
  const bounds =
    'campaignId' in scope
      ? sql<{ lo: number | null; hi: number | null }>`
          select min(id) as lo, max(id) as hi from conversations where campaign_id = ${scope.campaignId}`
      : sql<{ lo: number | null; hi: number | null }>`select min(id) as lo, max(id) as hi from conversations`;
  const [range] = (await bounds.execute(db)).rows;
  if (!range || range.lo === null || range.hi === null) return;
  for (let lo = range.lo; lo <= range.hi; lo += SPAN) {
    const { rows } = await sql<ScannedMessage>`
      select m.id, c.id as conversation_id, c.campaign_id,
             case when m.from_contact then null else coalesce(m.texter_id, c.texter_id) end as texter_id,
             m.from_contact, m.text, c.opted_out
        from conversations c
        cross join lateral (
          select mm.id, mm.from_contact, mm.texter_id, mm.text from messages mm where mm.conversation_id = c.id
        ) m
       where c.id >= ${lo} and c.id < ${lo + SPAN} and ${inScope}`.execute(db);
    if (rows.length > 0) yield rows;
  }
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
  options: { flag: boolean; now: Date },
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
  let mark = performance.now();
  if (compiled.length === 0) return result;
  for await (const page of pages(db, scope)) {
    const found: Found = { messages: [], conversations: [], campaigns: [], texters: [], rules: [] };
    for (const message of page) {
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
      if (!hit) continue;
      result.matched++;
      if (result.samples.length < SAMPLES) {
        result.samples.push({
          message_id: message.id,
          conversation_id: message.conversation_id,
          text: message.text,
        });
      }
    }
    result.scanned += page.length;
    const matchedAt = performance.now();
    result.timings.read_and_match_ms += matchedAt - mark;
    if (options.flag) result.flagged += await flagInBatches(db, found, options.now);
    mark = performance.now();
    result.timings.flag_ms += mark - matchedAt;
  }
  return result;
}

/** Matches flagged per transaction. */
const FLAG_BATCH = 5_000;

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

/**
 * The enabled rules over every message stored since the last run (messages' ids only grow), then
 * the mark moves on. One run at a time (an advisory lock): a second waits, then finds less to do.
 */
export async function runRulesOnNewMessages(db: Db, now: Date): Promise<RunResult & { through: number }> {
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
              { flag: true, now },
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
