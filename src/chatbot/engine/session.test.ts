import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BotBundle } from './bot.js';
import type { AnalyticsEvent, EndState } from './events.js';
import type { TurnResult } from './flow/turn.js';
import type { OutgoingMessage } from './messages.js';
import { convertPenhas } from './penhas.js';
import type { LookupResult } from './questionnaire/cep.js';
import type { Resume } from './resumes.js';
import { resume, start } from './session.js';
import type { ConversationState } from './state.js';
import { pickOption } from './text-match.js';
import { validateBundle } from './validate.js';

/*
 * Golden transcripts: testdata/<flow>.<case>.json hold inputs and the expected messages, events and
 * end states; this file replays them. `UPDATE_GOLDEN=1` rewrites the expectations from the actual
 * output, so a behaviour change is reviewed as a JSON diff. (Tests may touch the disk; the engine
 * never does.)
 */

const testdata = new URL('./testdata/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CLOCK_START = Date.UTC(2024, 2, 8, 12, 0, 0);

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, testdata), 'utf8'));
}

function loadFlow(flow: string): BotBundle {
  if (flow === 'demo') {
    const checked = validateBundle(readJson('demo-bot.json'));
    if (!checked.ok) throw new Error(`demo bot invalid: ${JSON.stringify(checked.errors)}`);
    return checked.bundle;
  }
  if (flow === 'penhas') {
    const converted = convertPenhas(readJson('penhas/config.json'), readJson('penhas/quiz_config.json'));
    if (!converted.ok) throw new Error(`penhas fixture invalid: ${JSON.stringify(converted.errors)}`);
    return converted.bundle;
  }
  throw new Error(`unknown flow ${flow}`);
}

const lookups = (readJson('ceps.json') as { results: Record<string, LookupResult> }).results;

type StepInput =
  | { text: string }
  | { choose: string }
  | { choose_value: string }
  /** Advances the clock; the host's sweep then times the conversation out if due (unless `sweep: false`). */
  | { wait_seconds: number; sweep?: boolean };

interface GoldenStep {
  in: StepInput;
  out?: GoldenMessage[];
  lookups?: string[];
  events?: string[];
  started?: string[];
  ended?: string[];
  /** Answers of the questionnaire a conversation ended in (start_time left out). */
  answers?: Record<string, string | number>;
  deadline?: string | null;
}

interface GoldenMessage {
  text: string;
  options?: string[];
  attachment?: string;
}

interface GoldenFile {
  description: string;
  steps: GoldenStep[];
  final?: { position: string; responses: Record<string, string | number> | null };
}

function seconds(ms: number): string {
  return `${Math.round((ms - CLOCK_START) / 1000)}s`;
}

function showEvent(e: AnalyticsEvent): string {
  const q = e.questionnaire_id === null ? '' : ` q:${e.questionnaire_id}`;
  const timeout = e.timeout_at === null ? '' : ` timeout@${seconds(e.timeout_at)}`;
  const head = `[c${e.conversation} @${seconds(e.created_at)} first@${seconds(e.first_msg_at)} tag${e.tag_code}${q}${timeout}]`;
  return `${head} ${e.state} ${e.step_code} <- ${e.previous_step_code ?? '-'}`;
}

function showEnd(e: EndState): string {
  return `c${e.conversation} ${e.reason}${e.state ? ` ${e.state}` : ''}${e.error ? `: ${e.error}` : ''}`;
}

function showMessage(m: OutgoingMessage): GoldenMessage {
  const shown: GoldenMessage = { text: m.text };
  if (m.options.length > 0) shown.options = m.options.map((o) => o.label);
  if (m.attachment !== null) shown.attachment = m.attachment;
  return shown;
}

function showPosition(state: ConversationState): string {
  const p = state.position;
  if (p.at === 'node') return `node ${p.node}`;
  if (p.at === 'questionnaire') return `questionnaire ${p.quiz.questionnaire_id}`;
  return `ended ${p.reason}${p.back_to_start ? ' (back to start offered)' : ''}`;
}

/** Plays a transcript's inputs and returns what actually happened, in the golden shape. */
function play(bundle: BotBundle, golden: GoldenFile): GoldenFile {
  let now = CLOCK_START;
  const session: { state: ConversationState | null } = { state: null };
  const steps: GoldenStep[] = [];
  for (const step of golden.steps) {
    const results: TurnResult[] = [];
    const looked: string[] = [];
    const run = (input: Resume) => {
      const result: TurnResult =
        session.state === null
          ? start(bundle.bot, bundle.questionnaires, { kind: 'inbound', input: toInbound(input) }, now)
          : resume(bundle.bot, bundle.questionnaires, session.state, input, now);
      // The state must survive a jsonb round trip unchanged.
      const stored = JSON.parse(JSON.stringify(result.state)) as ConversationState;
      expect(stored).toStrictEqual(result.state);
      session.state = stored;
      results.push(result);
      for (const effect of result.effects) {
        looked.push(effect.cep);
        run({ kind: 'lookup_result', cep: effect.cep, result: lookups[effect.cep] ?? { status: 'failed' } });
      }
    };
    if ('wait_seconds' in step.in) {
      now += step.in.wait_seconds * 1000;
      const deadline = session.state?.deadline ?? null;
      if (step.in.sweep !== false && deadline !== null && now >= deadline) run({ kind: 'timeout' });
    } else {
      now += 1000;
      run(toInput(step.in, session.state));
    }
    const actual: GoldenStep = { in: step.in, out: results.flatMap((r) => r.messages.map(showMessage)) };
    if (looked.length > 0) actual.lookups = looked;
    actual.events = results.flatMap((r) => r.events.map(showEvent));
    const started = results.flatMap((r) => r.started.map((s) => `c${s.conversation} @${seconds(s.at)}`));
    if (started.length > 0) actual.started = started;
    const ended = results.flatMap((r) => r.ended);
    if (ended.length > 0) actual.ended = ended.map(showEnd);
    const answered = ended.filter((e) => e.responses !== null).at(-1)?.responses;
    if (answered) {
      const { start_time: _start, ...answers } = answered;
      if (Object.keys(answers).length > 0) actual.answers = answers;
    }
    const last = results.at(-1);
    if (last) actual.deadline = last.deadline === null ? null : `+${(last.deadline - now) / 1000}s`;
    steps.push(actual);
  }
  const finalState = session.state;
  const final = finalState
    ? {
        position: showPosition(finalState),
        responses:
          finalState.position.at === 'questionnaire' ? { ...finalState.position.quiz.responses } : null,
      }
    : undefined;
  return { description: golden.description, steps, ...(final ? { final } : {}) };
}

function toInbound(input: Resume) {
  if (input.kind === 'text' || input.kind === 'choose') return input;
  throw new Error('a conversation starts with a message');
}

function toInput(input: StepInput, state: ConversationState | null): Resume {
  if ('text' in input) return { kind: 'text', text: input.text };
  if ('choose_value' in input) return { kind: 'choose', value: input.choose_value };
  if (!('choose' in input)) throw new Error('not a message');
  const options = state?.prompt ?? [];
  const option = pickOption(options, input.choose);
  if (!option)
    throw new Error(`no option "${input.choose}" among ${JSON.stringify(options.map((o) => o.label))}`);
  return { kind: 'choose', value: option.value };
}

/** JSON with short arrays and objects kept on one line, for reviewable diffs. */
function formatJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (typeof value !== 'object' || value === null || indent.length + flat.length <= 100) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

const goldenFiles = readdirSync(testdata)
  .filter((name) => /^[a-z0-9-]+\.[a-z0-9-_]+\.json$/.test(name) && !name.startsWith('demo-bot'))
  .sort();

describe('golden transcripts', () => {
  it('finds the transcripts', () => {
    expect(goldenFiles.length).toBeGreaterThan(10);
  });
  for (const name of goldenFiles) {
    it(name, () => {
      const flow = name.split('.')[0] ?? '';
      const golden = readJson(name) as GoldenFile;
      const actual = play(loadFlow(flow), golden);
      if (UPDATE) {
        writeFileSync(new URL(name, testdata), `${formatJson(actual)}\n`);
        return;
      }
      expect(actual).toEqual(golden);
      // Replaying is deterministic.
      expect(play(loadFlow(flow), golden)).toEqual(actual);
    });
  }
});
