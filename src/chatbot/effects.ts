import type { Effect, OutgoingMessage, Resume, TurnResult } from './engine/index.js';
import type { CepLookup } from './lookup.js';

/** Bound on lookup rounds in one turn: a flow whose every answer asks again stops there. */
const MAX_ROUNDS = 5;

/**
 * Resumes the conversation with one effect's result; null when it can no longer be resumed. Only
 * the turn's messages and further effects are read here.
 */
export type ResumeWith = (input: Resume) => Promise<Pick<TurnResult, 'messages' | 'effects'> | null>;

/**
 * Does the effects (CEP lookups) and resumes the conversation with each result, round after
 * round, until no effect remains. Shared by the runtime (each resume a transaction of its own)
 * and the simulator (resumes in memory). Returns the messages the resumes sent, in order.
 */
export async function runEffects(
  effects: readonly Effect[],
  lookup: CepLookup,
  resumeWith: ResumeWith,
): Promise<OutgoingMessage[]> {
  const messages: OutgoingMessage[] = [];
  let pending = effects;
  for (let round = 0; pending.length > 0 && round < MAX_ROUNDS; round++) {
    const next: Effect[] = [];
    for (const effect of pending) {
      const result = await lookup(effect.cep, { points: effect.points, radius_km: effect.radius_km });
      const turn = await resumeWith({ kind: 'lookup_result', cep: effect.cep, result });
      if (turn) {
        messages.push(...turn.messages);
        next.push(...turn.effects);
      }
    }
    pending = next;
  }
  return messages;
}
