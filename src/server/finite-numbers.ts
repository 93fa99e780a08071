import { Invalid } from '../errors.js';
import type { App } from '../http/types.js';

interface Step {
  readonly value: unknown;
  readonly key: string;
  readonly parent: Step | null;
}

/**
 * Where in `value` the first number that is not finite is (`/a/0/b`; '' for the value itself), or
 * null when there is none. Walks plain objects and arrays only, without recursion (a body may be
 * nested thousands deep); the path is spelled only for the number found.
 */
export function nonFinitePath(value: unknown): string | null {
  const stack: Step[] = [{ value, key: '', parent: null }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    const current = step.value;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return pathOf(step);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], key: String(index), parent: step });
    } else if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current)) stack.push({ value: item, key, parent: step });
    }
  }
  return null;
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let at: Step | null = step; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().map((key) => `/${key}`).join('');
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
 * Refuses a request whose validated input holds an infinite number, as a validation error (400).
 * Schema validation lets two through: Ajv's type coercion turns the text `1e400` or `Infinity` (a
 * path parameter, a quoted number in a body) into Infinity and its `minimum`/`maximum` checks skip
 * numbers that are not finite; and JSON.parse reads the literal `1e400` as Infinity inside values
 * no schema types (a bot bundle). Runs after validation, before every handler.
 */
export function registerFiniteNumbers(app: App): void {
  app.addHook('preHandler', async (request) => {
    const parts = { params: request.params, querystring: request.query, body: request.body };
    for (const [part, value] of Object.entries(parts)) {
      const at = nonFinitePath(value);
      if (at === null) continue;
      const path = `${part}${at}`;
      throw new Invalid(
        `${path} must be a finite number`,
        [{ path, message: 'must be a finite number', keyword: 'type', params: { type: 'number' } }],
        'validation_failed',
      );
    }
  });
}
