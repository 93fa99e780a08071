import type { SimInput } from '../../common/api/chatbot.js';
import { BOT_LIMITS } from '../../common/limits.js';
import { runEffects } from './effects.js';
import {
  type BotBundle,
  type ConversationState,
  type OutgoingMessage,
  pickOption,
  type Resume,
  resume,
  start,
  type TurnResult,
} from './engine/index.js';
import type { CepLookup } from './lookup.js';

/**
 * A conversation with a bot held in memory, for authors to try a flow: `parley bot chat`, the API's
 * simulate route and the simulator page. It runs the same engine as the runtime but stores nothing
 * (no conversation rows, no analytics), and its clock can be moved forward so timeouts fire.
 */
export interface Simulation {
  /** Null until the first message. */
  readonly state: ConversationState | null;
  /** Simulated time minus real time, ms (grows with each wait). */
  readonly offsetMs: number;
}

export interface SimStep {
  readonly simulation: Simulation;
  readonly messages: readonly OutgoingMessage[];
  /** The input could not be taken (unknown option, bad wait); nothing happened. */
  readonly error: string | null;
  /** The simulated time of the step. */
  readonly now: number;
}

export const NEW_SIMULATION: Simulation = { state: null, offsetMs: 0 };

export async function simulate(
  bundle: BotBundle,
  simulation: Simulation,
  input: SimInput,
  options: { lookup: CepLookup; realNow?: number },
): Promise<SimStep> {
  const realNow = options.realNow ?? Date.now();
  const fail = (error: string): SimStep => ({
    simulation,
    messages: [],
    error,
    now: realNow + simulation.offsetMs,
  });
  if ('wait_seconds' in input) {
    const seconds = input.wait_seconds;
    if (!Number.isFinite(seconds) || seconds < 0)
      return fail('wait_seconds must be a number of seconds, 0 or more');
    const offsetMs = simulation.offsetMs + Math.round(seconds * 1000);
    // Bounded, so that no sequence of waits moves the clock past what a date can hold.
    if (offsetMs > BOT_LIMITS.simWaitMaxSeconds * 1000)
      return fail(`the simulated clock goes at most ${BOT_LIMITS.simWaitMaxSeconds} seconds ahead`);
    const now = realNow + offsetMs;
    const waited = { ...simulation, offsetMs };
    const deadline = simulation.state?.deadline ?? null;
    if (simulation.state === null || deadline === null || now < deadline) {
      return { simulation: waited, messages: [], error: null, now };
    }
    return run(bundle, waited, { kind: 'timeout' }, now, options.lookup);
  }
  const now = realNow + simulation.offsetMs;
  let resumeWith: Resume;
  if ('text' in input) {
    resumeWith = { kind: 'text', text: input.text };
  } else if ('choose_value' in input) {
    resumeWith = { kind: 'choose', value: input.choose_value };
  } else {
    const options = simulation.state?.prompt ?? [];
    if (options.length === 0) return fail('there is nothing to choose: the last message had no options');
    const option = pickOption(options, String(input.choose));
    if (!option) {
      const offered = options.map((o, i) => `${i + 1}) ${o.label}`).join(', ');
      return fail(`no option "${input.choose}"; the options are ${offered}`);
    }
    resumeWith = { kind: 'choose', value: option.value };
  }
  return run(bundle, simulation, resumeWith, now, options.lookup);
}

async function run(
  bundle: BotBundle,
  simulation: Simulation,
  input: Resume,
  now: number,
  lookup: CepLookup,
): Promise<SimStep> {
  const turn = (state: ConversationState | null, resumeWith: Resume): TurnResult => {
    if (state !== null) return resume(bundle.bot, bundle.questionnaires, state, resumeWith, now);
    if (resumeWith.kind !== 'text' && resumeWith.kind !== 'choose') throw new Error('no conversation yet');
    return start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input: resumeWith }, now);
  };
  const first = turn(simulation.state, input);
  let state = first.state;
  const later = await runEffects(first.effects, lookup, async (next) => {
    const result = turn(state, next);
    state = result.state;
    return result;
  });
  return { simulation: { ...simulation, state }, messages: [...first.messages, ...later], error: null, now };
}
