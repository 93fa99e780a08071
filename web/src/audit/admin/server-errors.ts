import { isApiError } from '../../api/client.js';

/** One thing a 400 reply blames, with the path inside the request body split on `/` (empty: the whole body). */
export interface ServerProblem {
  path: string[];
  message: string;
}

/** `body/items/1/key`, `/batch_size` or `items/1/key` → `['items', '1', 'key']`. */
export function splitPath(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  return parts[0] === 'body' ? parts.slice(1) : parts;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// A path named inside a message: has a `/` or an `_`, so plain words of the sentence are not taken for fields.
const PATH_IN_MESSAGE =
  /(?:^|[\s"'(`])((?:body\/)?[a-z][a-z0-9_]*(?:\/[a-z0-9_]+)+|[a-z][a-z0-9]*_[a-z0-9_]+)/;

/**
 * What a failed call blames, read from the error reply:
 * - schema errors: `details: [{ path: 'body/batch_size', message }]`, one problem per entry;
 * - domain errors: `details: { path: 'items/1/key' }` with the reply's message;
 * - otherwise a path named in the message (`items/1/key "x" is used twice.`), or the whole body.
 * Nothing for errors that are not 400s (network, 5xx…): those are not about a field.
 */
export function serverProblems(error: unknown): ServerProblem[] {
  if (!isApiError(error, 400)) return [];
  const { details, message } = error;
  if (Array.isArray(details)) {
    const found = details.flatMap((detail): ServerProblem[] =>
      isRecord(detail) && typeof detail.path === 'string'
        ? [
            {
              path: splitPath(detail.path),
              message: typeof detail.message === 'string' ? detail.message : message,
            },
          ]
        : [],
    );
    if (found.length > 0) return found;
  }
  if (isRecord(details) && typeof details.path === 'string') {
    return [{ path: splitPath(details.path), message }];
  }
  const named = PATH_IN_MESSAGE.exec(message)?.[1];
  return [{ path: named ? splitPath(named) : [], message }];
}
