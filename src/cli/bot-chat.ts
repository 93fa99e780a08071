import { createInterface } from 'node:readline';
import type { SimInput } from '../../common/api/chatbot.js';
import {
  type BotBundle,
  type CepLookup,
  NEW_SIMULATION,
  type OutgoingMessage,
  type Simulation,
  simulate,
} from '../chatbot/index.js';

/**
 * `parley bot chat`: a conversation with a bot in the terminal, on the simulator (nothing stored).
 *
 * `--jsonl`: each stdin line is `{"text": …}`, `{"choose": "<label or 1-based index>"}` or
 * `{"wait_seconds": N}` (moves the simulated clock, so timeouts fire); each bot message is printed
 * as one line `{"text": …, "options": [{"label": …}]}`; an input that cannot be taken prints
 * `{"error": …}` and the chat goes on.
 */
export async function chatJsonl(
  bundle: BotBundle,
  lookup: CepLookup,
  input: NodeJS.ReadableStream,
  write: (line: string) => void,
): Promise<void> {
  let simulation: Simulation = NEW_SIMULATION;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if ('error' in parsed) {
      write(JSON.stringify({ error: parsed.error }));
      continue;
    }
    const step = await simulate(bundle, simulation, parsed.input, { lookup });
    simulation = step.simulation;
    if (step.error !== null) write(JSON.stringify({ error: step.error }));
    for (const message of step.messages) write(JSON.stringify(jsonlMessage(message)));
  }
}

function jsonlMessage(message: OutgoingMessage) {
  return { text: message.text, options: message.options.map((o) => ({ label: o.label })) };
}

function parseLine(line: string): { input: SimInput } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected an object: {"text": …}, {"choose": …} or {"wait_seconds": N}' };
  }
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (keys.length === 1 && typeof record.text === 'string') return { input: { text: record.text } };
  if (keys.length === 1 && (typeof record.choose === 'string' || typeof record.choose === 'number')) {
    return { input: { choose: String(record.choose) } };
  }
  if (keys.length === 1 && typeof record.wait_seconds === 'number') {
    return { input: { wait_seconds: record.wait_seconds } };
  }
  return {
    error: 'expected exactly one of {"text": "…"}, {"choose": "<label or number>"}, {"wait_seconds": N}',
  };
}

/**
 * The interactive chat: bot messages with numbered options; type an option's number to press it,
 * anything else is sent as text. `/wait SECONDS` moves the clock, `/new` starts over, `/quit` ends.
 */
export async function chatInteractive(
  bundle: BotBundle,
  lookup: CepLookup,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<void> {
  const say = (text: string) => io.output.write(`${text}\n`);
  let simulation: Simulation = NEW_SIMULATION;
  say('Chatting with the bot (nothing is stored). Type a message; a number presses that button.');
  say('/wait SECONDS moves the clock forward, /new starts over, /quit ends.\n');
  const rl = createInterface({ input: io.input, output: io.output, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    const typed = line.trim();
    let input: SimInput | null = null;
    if (typed === '/quit' || typed === '/exit') break;
    if (typed === '/new') {
      simulation = NEW_SIMULATION;
      say('(new conversation)');
    } else if (typed.startsWith('/wait')) {
      const seconds = Number(typed.slice(5).trim());
      if (Number.isFinite(seconds) && seconds >= 0) input = { wait_seconds: seconds };
      else say('(usage: /wait SECONDS)');
    } else if (typed !== '') {
      const options = simulation.state?.prompt ?? [];
      const index = /^\d{1,3}$/.test(typed) ? Number(typed) : 0;
      input = index >= 1 && index <= options.length ? { choose: typed } : { text: line };
    }
    if (input) {
      const step = await simulate(bundle, simulation, input, { lookup });
      simulation = step.simulation;
      if (step.error !== null) say(`(${step.error})`);
      if ('wait_seconds' in input && step.messages.length === 0)
        say(`(the clock moved ${input.wait_seconds} s)`);
      for (const message of step.messages) {
        say(`bot: ${message.text.replace(/\n/g, '\n     ')}`);
        message.options.forEach((option, i) => {
          say(`     ${i + 1}) ${option.label}`);
        });
      }
    }
    rl.prompt();
  }
  rl.close();
}
