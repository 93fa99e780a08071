import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BotBundle, BotConfig } from '../bot.js';
import { decodeChoice } from '../choices.js';
import type { Questionnaire } from '../questionnaire/question.js';
import type { Resume } from '../resumes.js';
import { resume, start } from '../session.js';
import type { ConversationState } from '../state.js';
import { validateBundle } from '../validate.js';
import type { TurnResult } from './turn.js';

const checked = validateBundle(
  JSON.parse(readFileSync(new URL('../testdata/demo-bot.json', import.meta.url), 'utf8')),
);
if (!checked.ok) throw new Error('demo bot invalid');
const demo: BotBundle = checked.bundle;
const T0 = Date.UTC(2024, 0, 1);
const hi = { kind: 'inbound', input: { kind: 'text', text: 'oi' } } as const;

function run(bot: BotConfig, state: ConversationState, input: Resume, now: number): TurnResult {
  return resume(bot, demo.questionnaires, state, input, now);
}

function choose(state: ConversationState, label: string): Resume {
  const option = state.prompt.find((o) => o.label === label);
  if (!option) throw new Error(`no ${label}`);
  return { kind: 'choose', value: option.value };
}

describe('conversation edge cases', () => {
  it('a timeout before the deadline, or after the conversation ended, changes nothing', () => {
    const first = start(demo.bot, demo.questionnaires, hi, T0);
    const early = run(demo.bot, first.state, { kind: 'timeout' }, T0 + 1000);
    expect(early).toMatchObject({ messages: [], events: [], ended: [], deadline: first.deadline });
    expect(early.state).toEqual(first.state);
    const due = run(demo.bot, first.state, { kind: 'timeout' }, first.deadline ?? 0);
    expect(due.ended).toMatchObject([{ reason: 'timeout', state: 'QUESTIONNAIRE_TIMEOUT' }]);
    expect(due.events).toMatchObject([{ state: 'QUESTIONNAIRE_TIMEOUT', timeout_at: first.deadline }]);
    const again = run(demo.bot, due.state, { kind: 'timeout' }, (first.deadline ?? 0) + 5000);
    expect(again).toMatchObject({ messages: [], events: [], ended: [], deadline: null });
  });

  it('timeout_seconds 0 means no deadline', () => {
    const bot = { ...demo.bot, timeout_seconds: 0 };
    const first = start(bot, demo.questionnaires, hi, T0);
    expect(first.deadline).toBeNull();
    expect(run(bot, first.state, { kind: 'timeout' }, T0 + 1e12).messages).toEqual([]);
  });

  it('a stale lookup result is ignored; a new message while a lookup is outstanding wins', () => {
    let state = start(demo.bot, demo.questionnaires, hi, T0).state;
    state = run(demo.bot, state, choose(state, '👍 Sim'), T0 + 1).state;
    state = run(demo.bot, state, choose(state, 'Achar um serviço'), T0 + 2).state;
    const waiting = run(demo.bot, state, { kind: 'text', text: '69000-000' }, T0 + 3);
    expect(waiting.effects).toEqual([
      { kind: 'lookup', cep: '69000000', question: 'P_CEP', points: 3, radius_km: 50 },
    ]);
    expect(waiting.messages).toEqual([]);
    const stale = run(
      demo.bot,
      waiting.state,
      { kind: 'lookup_result', cep: '11111111', result: { status: 'not_found' } },
      T0 + 4,
    );
    expect(stale).toMatchObject({ messages: [], events: [], effects: [] });
    const newer = run(demo.bot, waiting.state, { kind: 'text', text: '01310100' }, T0 + 5);
    expect(newer.effects).toEqual([
      { kind: 'lookup', cep: '01310100', question: 'P_CEP', points: 3, radius_km: 50 },
    ]);
    const late = run(
      demo.bot,
      newer.state,
      { kind: 'lookup_result', cep: '69000000', result: { status: 'not_found' } },
      T0 + 6,
    );
    expect(late.messages).toEqual([]);
  });

  it('a missing entry node or questionnaire ends the conversation with an error, not a throw', () => {
    const noEntry = start({ ...demo.bot, entry: 'nope' }, demo.questionnaires, hi, T0);
    expect(noEntry.ended).toMatchObject([{ reason: 'error', state: null, error: "node 'nope' not found" }]);
    expect(noEntry.deadline).toBeNull();
    const first = start(demo.bot, [], hi, T0);
    const broken = resume(demo.bot, [], first.state, choose(first.state, '👍 Sim'), T0 + 1);
    expect(broken.ended).toMatchObject([{ reason: 'error', error: "questionnaire 'demo' not found" }]);
  });

  it('records end-button answers and hands the answers over when a conversation ends', () => {
    let state = start(demo.bot, demo.questionnaires, hi, T0).state;
    state = run(demo.bot, state, choose(state, '👍 Sim'), T0 + 1).state;
    state = run(demo.bot, state, choose(state, 'Sobre outra pessoa'), T0 + 2).state;
    const end = run(demo.bot, state, choose(state, 'Sim, agora'), T0 + 3);
    expect(end.ended).toMatchObject([
      {
        reason: 'finished',
        questionnaire_id: 'demo',
        responses: { P1: 'P2b', P2b: 'FIM_emergencia', FIM_emergencia: '1' },
      },
    ]);
  });

  it('an end button that restarts at once starts the restart questionnaire, and a loop of them stops', () => {
    const restarting: Questionnaire = {
      id: 'loop',
      name: 'Restarts at once',
      questions: [
        { code: 'RESET', type: 'botao_fim', end: 'restart', button_label: null, question: 'Again' },
      ],
    };
    const nodes = [{ code: 'into_loop', type: 'questionnaire', questionnaire_id: 'loop' } as const];
    const bot = { ...demo.bot, entry: 'into_loop', restart_questionnaire: 'loop', nodes };
    const looped = start(bot, [restarting], hi, T0);
    expect(looped.ended.map((e) => e.reason)).toEqual(['finished', 'finished', 'finished', 'error']);
    expect(looped.ended.at(-1)?.error).toBe('restart loop: the restart questionnaire restarts at once');
    expect(looped.started.map((s) => s.conversation)).toEqual([1, 2, 3, 4]);
    expect(looped.messages.map((m) => m.text)).toEqual(['Again', 'Again', 'Again', 'Again']);

    // Without a restart questionnaire the flow starts again at `entry`: the same loop, by the tree.
    const viaEntry = start({ ...bot, restart_questionnaire: null }, [restarting], hi, T0);
    expect(viaEntry.ended.map((e) => e.reason)).toEqual(['finished', 'finished', 'finished', 'error']);
    expect(viaEntry.events.filter((e) => e.state === 'DURING_DECISION_TREE')).toHaveLength(4);
  });

  it('uses the bot labels for the buttons it adds', () => {
    const bot = { ...demo.bot, labels: { yes: 'É', no: 'Nope', back_to_start: 'Início' } };
    let state = start(bot, demo.questionnaires, hi, T0).state;
    state = run(bot, state, choose(state, '👍 Sim'), T0 + 1).state;
    const group = run(bot, state, choose(state, 'Sobre mim'), T0 + 2);
    expect(group.state.prompt.map((o) => o.label)).toEqual(['É', 'Nope']);
  });
});

/** Any input a user (or a forged request) can send, plus waits. */
const inputArb = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('1', '2', '3', '4', 'sim', 'não', 'reiniciar', '01310-100', '99999999', 'Ana'),
    ),
  }),
  fc.record({ kind: fc.constant('option' as const), index: fc.nat(6) }),
  fc.record({
    kind: fc.constant('choose' as const),
    value: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('x', 'b', 'n:node_tos', 'a:1:0', 'a:3:Y', 'a:999:1'),
    ),
  }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.constantFrom(10, 3600, 90000) }),
);

describe('properties', () => {
  it('any sequence of inputs keeps a consistent, JSON-storable state and never throws', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 25 }), (inputs) => {
        let now = T0;
        let result = start(demo.bot, demo.questionnaires, hi, now);
        let state = result.state;
        for (const input of inputs) {
          let next: Resume;
          if (input.kind === 'wait') {
            now += input.seconds * 1000;
            next = { kind: 'timeout' };
          } else {
            now += 1000;
            if (input.kind === 'option') {
              const option = state.prompt[input.index];
              next = option
                ? { kind: 'choose', value: option.value }
                : { kind: 'text', text: String(input.index + 1) };
            } else next = input;
          }
          result = resume(demo.bot, demo.questionnaires, state, next, now);
          for (const effect of result.effects) {
            result = resume(
              demo.bot,
              demo.questionnaires,
              result.state,
              { kind: 'lookup_result', cep: effect.cep, result: { status: 'not_found' } },
              now,
            );
          }
          expect(JSON.parse(JSON.stringify(result.state))).toStrictEqual(result.state);
          expect(result.state.conversation).toBeGreaterThanOrEqual(state.conversation);
          for (const event of result.events) {
            expect(event.conversation).toBeGreaterThanOrEqual(state.conversation);
            expect(event.conversation).toBeLessThanOrEqual(result.state.conversation);
          }
          for (const option of result.state.prompt) expect(decodeChoice(option.value)).not.toBeNull();
          if (result.state.position.at === 'ended') expect(result.deadline).toBeNull();
          else expect(result.deadline).not.toBeNull();
          state = result.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});
