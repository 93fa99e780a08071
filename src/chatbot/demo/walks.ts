import type {
  AnalyticsState,
  BotBundle,
  ConversationState,
  Inbound,
  OutgoingMessage,
  TurnResult,
} from '../engine/index.js';
import { resume, start } from '../engine/index.js';

/**
 * Scripted users of a bot, planned with the pure engine: each walk is the inputs one user sends
 * (in order) and what the engine says those inputs must lead to — every message, every analytics
 * event, the conversations begun and the final state. A test sends the inputs through a real
 * channel and compares what the database and the receiving end hold with this; the demo data
 * set sends them through the runtime to give the demo bot its conversations.
 */
export interface PlannedEvent {
  /** Sequence number of the conversation within the user (1, 2, …). */
  readonly conversation: number;
  readonly state: AnalyticsState;
  readonly step_code: string;
}

export interface Walk {
  readonly inputs: readonly Inbound[];
  /** Every message the bot sends over the walk, in order. */
  readonly messages: readonly OutgoingMessage[];
  readonly events: readonly PlannedEvent[];
  /** Conversations the user ends up with (rows of bot_conversations). */
  readonly conversations: number;
  /** Sequence numbers of the conversations that ended, with how. */
  readonly ended: readonly { conversation: number; reason: string }[];
  readonly final: ConversationState;
}

/** A small seeded generator (mulberry32): the same seed plans the same walks. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const JUNK = ['hmm?', 'não sei', 'talvez', 'ok', '42', 'xyz'];
const NAMES = ['Ana', 'Bia', 'Carla', 'Dora', 'Eva'];

/** What a user might send next: press a button, type its number or label, or type something else. */
function candidates(state: ConversationState | null, random: () => number): Inbound[] {
  if (state === null) return [{ kind: 'text', text: 'oi' }];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const options = state.prompt;
  const out: Inbound[] = [];
  if (state.position.at === 'ended') out.push({ kind: 'text', text: 'oi' });
  const order = [...options.keys()].sort(() => random() - 0.5);
  for (const index of order) {
    const option = options[index];
    if (!option) continue;
    const roll = random();
    if (roll < 0.6) out.push({ kind: 'choose', value: option.value });
    else if (roll < 0.85) out.push({ kind: 'text', text: String(index + 1) });
    else out.push({ kind: 'text', text: option.label });
  }
  if (options.length === 0)
    out.unshift({ kind: 'text', text: `${pick(NAMES)} ${Math.floor(random() * 100)}` });
  if (random() < 0.1) out.unshift({ kind: 'text', text: pick(JUNK) });
  out.push({ kind: 'text', text: 'reiniciar' });
  return out;
}

/** Runs one input through the engine as the runtime does: start without a state, resume with one. */
export function step(
  bundle: BotBundle,
  state: ConversationState | null,
  input: Inbound,
  now: number,
): TurnResult {
  return state === null
    ? start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input }, now)
    : resume(bundle.bot, bundle.questionnaires, state, input, now);
}

/**
 * Plans a walk of `length` inputs. `allowed` may refuse a turn (e.g. one that asks for outside
 * work, such as a CEP lookup): the next candidate input is tried instead.
 */
export function planWalk(
  bundle: BotBundle,
  length: number,
  random: () => number,
  allowed: (result: TurnResult) => boolean = () => true,
): Walk {
  const inputs: Inbound[] = [];
  const messages: OutgoingMessage[] = [];
  const events: PlannedEvent[] = [];
  const ended: { conversation: number; reason: string }[] = [];
  let conversations = 0;
  let state: ConversationState | null = null;
  let now = Date.now();
  while (inputs.length < length) {
    now += 1000;
    const tries = candidates(state, random);
    let chosen: { input: Inbound; result: TurnResult } | null = null;
    for (const input of tries) {
      const result = step(bundle, state, input, now);
      if (allowed(result)) {
        chosen = { input, result };
        break;
      }
    }
    if (!chosen) throw new Error(`no allowed input at ${JSON.stringify(state?.position)}`);
    const { input, result } = chosen;
    inputs.push(input);
    messages.push(...result.messages);
    events.push(
      ...result.events.map((e) => ({ conversation: e.conversation, state: e.state, step_code: e.step_code })),
    );
    conversations += result.started.length;
    ended.push(...result.ended.map((e) => ({ conversation: e.conversation, reason: e.reason })));
    state = result.state;
  }
  if (state === null) throw new Error('a walk needs at least one input');
  return { inputs, messages, events, conversations, ended, final: state };
}
