import { planUsers, sendWalks, type WalkingUser } from '../../src/chatbot/demo/conversations.js';
import { type AnalyticsState, type BotBundle, resume } from '../../src/chatbot/engine/index.js';
import { sweepTimeouts } from '../../src/chatbot/index.js';
import { readRevision } from '../../src/chatbot/revisions.js';
import type { Db } from '../../src/db/index.js';
import { TestChat } from './chatbot.js';

/**
 * Conversations with a bot for the drop-off numbers (docs/chatbot-studio.md): users whose walks
 * are planned with the pure engine and sent through the runtime (src/chatbot/demo/conversations.ts,
 * as the demo data's), on days the test chooses. The
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

interface PlannedUser extends WalkingUser {
  readonly day: string;
}

function planDayUsers(bundle: BotBundle, options: DropOffWalkOptions): PlannedUser[] {
  const dayOf = (i: number) => options.days[i % options.days.length] as string;
  const users = planUsers(bundle, {
    users: options.users,
    seed: options.seed,
    ...(options.maxInputs === undefined ? {} : { maxInputs: options.maxInputs }),
    handle: (i) => `drop-off-${options.seed}-${i}`,
    start: (i) => Date.parse(`${dayOf(i)}T10:00:00Z`),
  });
  return users.map((user, i) => ({ ...user, day: dayOf(i) }));
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
  const users = planDayUsers(bundle, options);
  const lastDay = options.days.at(-1) as string;
  const deps = TestChat.deps(db);
  const target = { botId, channel: 'test' };
  const latest = await sendWalks(
    deps,
    target,
    users.filter((u) => u.day !== lastDay),
    1000,
  );
  // A day past the last deadline (and before the last day's users begin).
  const sweepAt = new Date(latest + (bundle.bot.timeout_seconds + 60) * 1000);
  if (sweepAt.getTime() >= Date.parse(`${lastDay}T10:00:00Z`))
    throw new Error('the last day must come later');
  await sweepTimeouts(db, { now: sweepAt });
  await sendWalks(
    deps,
    target,
    users.filter((u) => u.day === lastDay),
    1000,
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
