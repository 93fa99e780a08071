import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { BotBundle, Inbound, TurnResult } from '../engine/index.js';
import { readRevision } from '../revisions.js';
import { type RuntimeDeps, receiveAll } from '../runtime.js';
import { sweepTimeouts } from '../timeouts.js';
import { DEMO_BOT_NAME } from './index.js';
import { planWalk, seeded, step } from './walks.js';

/**
 * Conversations with a bot made the way people make them: users whose walks are planned with the
 * pure engine and sent, input by input, through the runtime — so every row (conversations,
 * analytics events, outgoing messages) is the runtime's own. Used by the demo data set and by
 * the drop-off tests (test/harness/drop-off-walks.ts).
 */

export interface WalkingUser {
  readonly handle: string;
  /** When the user's first input arrives (ms since the epoch). */
  readonly start: number;
  readonly inputs: readonly Inbound[];
  /** The engine's turns for those inputs, in order (what the runtime must record). */
  readonly turns: readonly TurnResult[];
}

export interface WalkPlan {
  readonly users: number;
  readonly seed: number;
  /** Inputs per user, at most (each user takes 1 to this many). */
  readonly maxInputs?: number;
  handle(index: number): string;
  /** When user `index` begins; `random` is the plan's own seeded generator. */
  start(index: number, random: () => number): number;
}

/** No CEP question: its lookup runs after the turn's commit, outside what a walk plans. */
const noLookup = (result: TurnResult) =>
  result.effects.length === 0 && !result.messages.some((m) => m.text.includes('CEP'));

/** The users' walks; about a quarter of those left mid-way give up (the restart keyword). */
export function planUsers(bundle: BotBundle, plan: WalkPlan): WalkingUser[] {
  const random = seeded(plan.seed);
  const max = plan.maxInputs ?? 12;
  return Array.from({ length: plan.users }, (_, i) => {
    const turns: TurnResult[] = [];
    // planWalk takes the first allowed candidate: the last result allowed is the turn taken.
    const walk = planWalk(bundle, 1 + Math.floor(random() * max), random, (result) => {
      const ok = noLookup(result);
      if (ok) turns.push(result);
      return ok;
    });
    const inputs = [...walk.inputs];
    const last = turns.at(-1);
    if (last && last.state.position.at !== 'ended' && random() < 0.25) {
      const input: Inbound = { kind: 'text', text: bundle.bot.restart_keywords[0] ?? 'reiniciar' };
      inputs.push(input);
      turns.push(step(bundle, last.state, input, Date.now()));
    }
    return { handle: plan.handle(i), start: plan.start(i, random), inputs, turns };
  });
}

/**
 * Sends the users' inputs through the runtime: one batch (one transaction) per round, every
 * user's next input in it, each at its user's own time — user start + `gapMs` per input.
 * Returns the time of the last input sent.
 */
export async function sendWalks(
  deps: RuntimeDeps,
  target: { botId: number; channel: string },
  users: readonly WalkingUser[],
  gapMs: number,
): Promise<number> {
  let latest = 0;
  const longest = Math.max(0, ...users.map((u) => u.inputs.length));
  for (let i = 0; i < longest; i++) {
    const events = users.flatMap((user) => {
      const input = user.inputs[i];
      if (!input) return [];
      const now = user.start + (i + 1) * gapMs;
      latest = Math.max(latest, now);
      return [
        { botId: target.botId, channel: target.channel, handle: user.handle, input, now: new Date(now) },
      ];
    });
    for (const outcome of await receiveAll(deps, events)) {
      if (outcome.status === 'rejected') throw outcome.reason;
    }
  }
  return latest;
}

/**
 * Runtime dependencies for made-up users: a key of their own (their handles are keyed with it and
 * then forgotten: nobody can write as them) and no CEP lookup (their walks have none).
 */
export function walkDeps(db: Db): RuntimeDeps {
  return {
    db,
    secret: randomBytes(32).toString('hex'),
    lookup: () => Promise.reject(new Error('made-up walks look up no CEP')),
  };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Claimed once in app_meta: loading the demo again adds no conversations. */
const DEMO_CONVERSATIONS_KEY = 'demo:bot-conversations';

/** When demo user `i` began: most over the last four weeks, one in ten in the last two hours. */
function demoStart(now: number) {
  return (i: number, random: () => number) =>
    i % 10 === 0
      ? now - 2 * HOUR_MS + random() * HOUR_MS
      : now - (2 + Math.floor(random() * 27)) * DAY_MS - random() * 10 * HOUR_MS;
}

/**
 * The demo bot's conversations (channel `demo`), so its drop-off numbers and the chatbot reports
 * show something on a fresh install: 300 made-up users over the last four weeks, walked through
 * the runtime; those of the earlier days left mid-way are timed out by the sweep, those of the
 * last two hours are still there; some gave up (the restart keyword), and the tags are those the
 * bot's scenarios give. Once only; returns how many users were walked (0 when done before).
 */
export async function seedDemoBotConversations(db: Db, now: Date): Promise<number> {
  const bot = await db
    .selectFrom('bots')
    .select(['id', 'current_revision_id'])
    .where('name', '=', DEMO_BOT_NAME)
    .executeTakeFirst();
  if (!bot || bot.current_revision_id === null) return 0;
  const claimed = await db
    .insertInto('app_meta')
    .values({ key: DEMO_CONVERSATIONS_KEY, value: JSON.stringify({ at: now.toISOString() }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return 0;
  const { bundle } = await readRevision(db, bot.current_revision_id);
  const recentFrom = now.getTime() - 2 * HOUR_MS;
  const users = planUsers(bundle, {
    users: 300,
    seed: 2026,
    handle: (i) => `demo-user-${i}`,
    start: demoStart(now.getTime()),
  });
  const deps = walkDeps(db);
  const target = { botId: bot.id, channel: 'demo' };
  const latest = await sendWalks(
    deps,
    target,
    users.filter((u) => u.start < recentFrom),
    40_000,
  );
  const sweepAt = Math.min(latest + (bundle.bot.timeout_seconds + 60) * 1000, recentFrom - 1000);
  await sweepTimeouts(db, { now: new Date(sweepAt) });
  await sendWalks(
    deps,
    target,
    users.filter((u) => u.start >= recentFrom),
    40_000,
  );
  await markRead(db, bot.id);
  return users.length;
}

/**
 * No channel carries the made-up users' messages: they count as sent when they were written, so
 * the delivery loop leaves them (it would fail them, "no adapter for the demo channel").
 */
async function markRead(db: Db, botId: number): Promise<void> {
  await sql`
    update bot_outbox o set sent_at = o.created_at
      from bot_conversations c
     where c.id = o.conversation_id and c.bot_id = ${botId} and c.channel = 'demo' and o.sent_at is null`.execute(
    db,
  );
}
