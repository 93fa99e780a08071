import {
  type AnalyticsState,
  type BotBundle,
  type Inbound,
  resume,
  type TurnResult,
} from '../../src/chatbot/engine/index.js';
import { sweepTimeouts } from '../../src/chatbot/index.js';
import { readRevision } from '../../src/chatbot/revisions.js';
import { receiveAll } from '../../src/chatbot/runtime.js';
import type { Db } from '../../src/db/index.js';
import { planWalk, seeded, step } from './bot-walk.js';
import { TestChat } from './chatbot.js';

/**
 * Conversations with a bot for the drop-off numbers (docs/chatbot-studio.md): users whose walks
 * are planned with the pure engine and sent through the runtime, on days the test chooses. The
 * walks of the first days that are left running time out (one sweep a day after the last of them);
 * those of the last day stay running ("still there"). What the engine planned — every
 * conversation's events, with its day — is the expectation the drop-off numbers are checked
 * against.
 */

export interface PlannedConversation {
  /** The day it started (UTC, YYYY-MM-DD). */
  readonly day: string;
  readonly events: readonly { readonly state: AnalyticsState; readonly step: string; readonly tag: number }[];
}

export interface DropOffWalkOptions {
  readonly users: number;
  readonly seed: number;
  /** Days of the conversations, in order; the last day's are not timed out. At least two. */
  readonly days: readonly string[];
  /** Inputs per user, at most (each user takes 1 to this many). */
  readonly maxInputs?: number;
}

/** No CEP question: its lookup runs after the turn's commit (as in the crash test's walks). */
const noLookup = (result: TurnResult) =>
  result.effects.length === 0 && !result.messages.some((m) => m.text.includes('CEP'));

interface PlannedUser {
  readonly handle: string;
  readonly day: string;
  readonly inputs: readonly Inbound[];
  readonly turns: TurnResult[];
}

function planUsers(bundle: BotBundle, options: DropOffWalkOptions): PlannedUser[] {
  const random = seeded(options.seed);
  const max = options.maxInputs ?? 12;
  return Array.from({ length: options.users }, (_, i) => {
    const turns: TurnResult[] = [];
    // planWalk takes the first allowed candidate: the last result allowed is the turn taken.
    const walk = planWalk(bundle, 1 + Math.floor(random() * max), random, (result) => {
      const ok = noLookup(result);
      if (ok) turns.push(result);
      return ok;
    });
    const inputs = [...walk.inputs];
    // Some give up at the end (a restart keyword), as people do; the walks alone rarely do.
    const last = turns.at(-1);
    if (last && last.state.position.at !== 'ended' && random() < 0.25) {
      const input: Inbound = { kind: 'text', text: 'reiniciar' };
      inputs.push(input);
      turns.push(step(bundle, last.state, input, Date.now()));
    }
    const day = options.days[i % options.days.length] as string;
    return { handle: `drop-off-${options.seed}-${i}`, day, inputs, turns };
  });
}

/** Sends the users' inputs through the runtime, a day's users side by side, one input each per batch. */
async function sendWalks(db: Db, botId: number, users: readonly PlannedUser[], day: string): Promise<number> {
  const deps = TestChat.deps(db);
  let now = Date.parse(`${day}T10:00:00Z`);
  const longest = Math.max(0, ...users.map((u) => u.inputs.length));
  for (let i = 0; i < longest; i++) {
    now += 1000;
    const at = new Date(now);
    const events = users.flatMap((user) => {
      const input = user.inputs[i];
      return input ? [{ botId, channel: 'test', handle: user.handle, input, now: at }] : [];
    });
    for (const outcome of await receiveAll(deps, events)) {
      if (outcome.status === 'rejected') throw outcome.reason;
    }
  }
  return now;
}

/** The planned conversations of one user, the timeout appended when the walk is left to time out. */
function conversationsOf(bundle: BotBundle, user: PlannedUser, timesOut: boolean): PlannedConversation[] {
  const turns = [...user.turns];
  const last = turns.at(-1);
  if (timesOut && last && last.state.position.at !== 'ended') {
    turns.push(
      resume(bundle.bot, bundle.questionnaires, last.state, { kind: 'timeout' }, (last.deadline ?? 0) + 1000),
    );
  }
  const bySeq = new Map<number, { state: AnalyticsState; step: string; tag: number }[]>();
  for (const event of turns.flatMap((turn) => turn.events)) {
    const list = bySeq.get(event.conversation) ?? [];
    list.push({ state: event.state, step: event.step_code, tag: event.tag_code });
    bySeq.set(event.conversation, list);
  }
  return [...bySeq.values()].map((events) => ({ day: user.day, events }));
}

/**
 * Plans the users' walks, sends them through the runtime, times out the running conversations of
 * every day but the last, and returns what the engine planned.
 */
export async function seedDropOffWalks(
  db: Db,
  botId: number,
  options: DropOffWalkOptions,
): Promise<PlannedConversation[]> {
  const bot = await db
    .selectFrom('bots')
    .select('current_revision_id')
    .where('id', '=', botId)
    .executeTakeFirstOrThrow();
  const { bundle } = await readRevision(db, bot.current_revision_id as number);
  const users = planUsers(bundle, options);
  const lastDay = options.days.at(-1) as string;
  let latest = 0;
  for (const day of options.days.slice(0, -1)) {
    latest = Math.max(
      latest,
      await sendWalks(
        db,
        botId,
        users.filter((u) => u.day === day),
        day,
      ),
    );
  }
  // A day past the last deadline (and before the last day's users begin).
  const sweepAt = new Date(latest + (bundle.bot.timeout_seconds + 60) * 1000);
  if (sweepAt.getTime() >= Date.parse(`${lastDay}T10:00:00Z`))
    throw new Error('the last day must come later');
  await sweepTimeouts(db, { now: sweepAt });
  await sendWalks(
    db,
    botId,
    users.filter((u) => u.day === lastDay),
    lastDay,
  );
  return users.flatMap((user) => conversationsOf(bundle, user, user.day !== lastDay));
}

export interface ExpectedStep {
  reached: number;
  went_on: number;
  gave_up: number;
  timed_out: number;
  still_there: number;
}

/**
 * The drop-off numbers of planned conversations, by step code, computed here from the plan: each
 * step a conversation reached counts once; the step of its last event is where it is or left
 * (gave up, timed out, finished = went on, nothing yet = still there); it went on from the others.
 */
export function expectedDropOff(
  conversations: readonly PlannedConversation[],
  filter: { from?: string; to?: string; tag?: number } = {},
): Map<string, ExpectedStep> {
  const steps = new Map<string, ExpectedStep>();
  for (const conversation of conversations) {
    const last = conversation.events.at(-1);
    if (!last) continue;
    if (filter.from !== undefined && conversation.day < filter.from) continue;
    if (filter.to !== undefined && conversation.day > filter.to) continue;
    if (filter.tag !== undefined && last.tag !== filter.tag) continue;
    for (const code of new Set(conversation.events.map((e) => e.step))) {
      const counts = steps.get(code) ?? { reached: 0, went_on: 0, gave_up: 0, timed_out: 0, still_there: 0 };
      counts.reached++;
      counts[code === last.step ? outcomeOf(last.state) : 'went_on']++;
      steps.set(code, counts);
    }
  }
  return steps;
}

function outcomeOf(state: AnalyticsState): 'went_on' | 'gave_up' | 'timed_out' | 'still_there' {
  switch (state) {
    case 'QUESTIONNAIRE_GAVE_UP':
      return 'gave_up';
    case 'QUESTIONNAIRE_TIMEOUT':
      return 'timed_out';
    case 'DURING_DECISION_TREE':
    case 'DURING_QUESTIONNAIRE':
      return 'still_there';
    default:
      return 'went_on';
  }
}
