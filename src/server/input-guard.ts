import { Invalid } from '../errors.js';
import type { App } from '../http/types.js';

/** What is wrong with one value of a request, and which validation keyword says it to the web UI. */
export interface InputProblem {
  /** `/a/0/b` inside the part; '' for the part itself. */
  readonly path: string;
  readonly message: string;
  readonly keyword: 'type' | 'pattern';
  readonly params: Readonly<Record<string, string>>;
}

interface Step {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Step | null;
}

// An unpaired UTF-16 surrogate: what a JSON `\ud800` escape gives, which is no Unicode text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as PostgreSQL text or jsonb, or null when it can. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (an unpaired surrogate)';
  return null;
}

/**
 * The first value in `value` that no schema refuses but that PostgreSQL or the code behind it
 * cannot take: a number that is not finite, a text (or an object key) with a NUL character or an
 * unpaired surrogate. Walks plain objects and arrays only, without recursion (a body may be nested
 * thousands deep); the path is spelled only for the value found.
 */
export function findInputProblem(value: unknown): InputProblem | null {
  const stack: Step[] = [{ value, key: '', parent: null }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    const current = step.value;
    if (typeof current === 'number') {
      if (!Number.isFinite(current))
        return {
          path: pathOf(step),
          message: 'must be a finite number',
          keyword: 'type',
          params: { type: 'number' },
        };
    } else if (typeof current === 'string') {
      const message = textProblem(current);
      if (message) return { path: pathOf(step), message, keyword: 'pattern', params: {} };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], key: String(index), parent: step });
    } else if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current)) {
        const message = textProblem(key);
        if (message)
          return { path: pathOf(step), message: `has a key that ${message}`, keyword: 'pattern', params: {} };
        stack.push({ value: item, key, parent: step });
      }
    }
  }
  return null;
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let at: Step | null = step; at?.parent; at = at.parent) keys.push(at.key);
  return keys
    .reverse()
    .map((key) => `/${key}`)
    .join('');
}

/**
 * A record of data: an object literal, or one without Object's prototype (Fastify keeps path
 * parameters and query strings in a class whose prototype is a bare `Object.create(null)`) — not a
 * stream, a buffer or another class's instance.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Refuses, as a validation error (400), a request whose validated input holds what its schema let
 * through but nothing behind it can take. Infinite numbers: Ajv's type coercion turns the text
 * `1e400` or `Infinity` (a path parameter, a quoted number in a body) into Infinity and its
 * `minimum`/`maximum` checks skip numbers that are not finite, and JSON.parse reads the literal
 * `1e400` as Infinity where no schema types the value (a bot bundle). NUL characters and unpaired
 * surrogates: PostgreSQL's text and jsonb hold neither. Runs after validation, before every handler.
 */
export function registerInputGuard(app: App): void {
  app.addHook('preHandler', async (request) => {
    const parts = { params: request.params, querystring: request.query, body: request.body };
    for (const [part, value] of Object.entries(parts)) {
      const problem = findInputProblem(value);
      if (problem === null) continue;
      const path = `${part}${problem.path}`;
      throw new Invalid(
        `${path} ${problem.message}`,
        [{ path, message: problem.message, keyword: problem.keyword, params: problem.params }],
        'validation_failed',
      );
    }
  });
}
