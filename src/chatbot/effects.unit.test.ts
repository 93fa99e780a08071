import { describe, expect, it } from 'vitest';
import { runEffects } from './effects.js';
import type { Effect, Resume, TurnResult } from './engine/index.js';
import { tableLookup } from './lookup.js';

const lookup = tableLookup({ '01310100': { status: 'not_found' } });
const effect = (cep: string): Effect => ({ kind: 'lookup', cep, question: 'CEP', points: 3, radius_km: 50 });

/** A turn with one message and the given effects: what runEffects reads of it. */
function turn(text: string, effects: readonly Effect[] = []): Pick<TurnResult, 'messages' | 'effects'> {
  return { messages: [{ text, options: [], attachment: null }], effects };
}

describe('runEffects', () => {
  it('answers each lookup and resumes, round after round, until no effect remains', async () => {
    const resumed: Resume[] = [];
    const messages = await runEffects([effect('01310100')], lookup, async (input) => {
      resumed.push(input);
      return resumed.length === 1 ? turn('first', [effect('69000000')]) : turn('second');
    });
    expect(resumed).toEqual([
      { kind: 'lookup_result', cep: '01310100', result: { status: 'not_found' } },
      { kind: 'lookup_result', cep: '69000000', result: { status: 'not_found' } },
    ]);
    expect(messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('skips a conversation that can no longer be resumed', async () => {
    const messages = await runEffects([effect('01310100')], lookup, async () => null);
    expect(messages).toEqual([]);
  });

  it('stops after five rounds when every answer asks again', async () => {
    let rounds = 0;
    await runEffects([effect('01310100')], lookup, async () => {
      rounds++;
      return turn('again', [effect('01310100')]);
    });
    expect(rounds).toBe(5);
  });
});
