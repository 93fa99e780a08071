import { createHmac, timingSafeEqual } from 'node:crypto';
import { Invalid } from '../errors.js';
import type { ConversationState } from './engine/index.js';
import type { Simulation } from './simulator.js';

/**
 * The web simulator is stateless on the server: each reply carries the simulation (revision, engine
 * state, clock offset) as an opaque token signed with PARLEY_SECRET, and the next request sends it
 * back. Nothing is stored; a token the server did not sign is refused.
 */
export interface SimulationToken {
  /** The revision simulated; null for a draft. */
  readonly revisionId: number | null;
  /** A draft simulated: its bot and version (a draft saved since ends the simulation). */
  readonly draft?: { readonly botId: number; readonly version: number } | undefined;
  readonly simulation: Simulation;
}

interface Payload {
  r: number | null;
  s: ConversationState | null;
  o: number;
  /** Draft: [bot id, version]. */
  d?: [number, number];
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`bot-simulation:${body}`).digest('base64url');
}

export function encodeSimulation(secret: string, token: SimulationToken): string {
  const payload: Payload = {
    r: token.revisionId,
    s: token.simulation.state,
    o: token.simulation.offsetMs,
    ...(token.draft ? { d: [token.draft.botId, token.draft.version] } : {}),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function decodeSimulation(secret: string, session: string): SimulationToken {
  const [body, mac, extra] = session.split('.');
  if (body === undefined || mac === undefined || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  return {
    revisionId: payload.r,
    ...(payload.d ? { draft: { botId: payload.d[0], version: payload.d[1] } } : {}),
    simulation: { state: payload.s, offsetMs: payload.o },
  };
}

function invalid() {
  return new Invalid(
    'This simulation is not valid any more: start a new one.',
    undefined,
    'invalid_simulation',
  );
}
