import type { ConversationState } from '../../src/chatbot/engine/index.js';

export {
  type PlannedEvent,
  planWalk,
  seeded,
  step,
  type Walk,
} from '../../src/chatbot/demo/walks.js';

/** A state without its clock readings (which depend on when each turn ran), as plain JSON. */
export function timeless(state: ConversationState): unknown {
  const { started_at: _s, last_inbound_at: _l, deadline: _d, ...rest } = state;
  if (rest.position.at !== 'questionnaire') return rest;
  const { start_time: _t, ...responses } = rest.position.quiz.responses;
  return { ...rest, position: { ...rest.position, quiz: { ...rest.position.quiz, responses } } };
}

/** Responses as kept at a conversation's end, without the questionnaire's start time. */
export function timelessResponses(responses: unknown): unknown {
  if (responses === null || typeof responses !== 'object') return responses;
  const { start_time: _t, ...rest } = responses as Record<string, unknown>;
  return rest;
}

/** JSON text with object keys sorted (jsonb does not keep the order they were written in). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Where two JSON values differ, as paths with both sides (for readable failures). */
export function differences(expected: unknown, actual: unknown, at = ''): string[] {
  if (canonical(expected) === canonical(actual)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObject(expected) || !isObject(actual))
    return [
      `${at || '.'}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`,
    ];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys.flatMap((key) => differences(expected[key], actual[key], `${at}.${key}`));
}
