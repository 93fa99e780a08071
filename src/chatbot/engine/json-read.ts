/**
 * Reading untrusted JSON while collecting every problem with its path (validation and import
 * report all errors at once, each with its JSON path).
 */

export interface Issue {
  /** JSON path, e.g. `bot.nodes[2].quick_replies[0].metadata` or `quiz[4].relevance`. */
  readonly path: string;
  readonly message: string;
  /** For relevance and placeholder syntax errors: where in the text. */
  readonly position?: { readonly offset: number; readonly line: number; readonly column: number };
  /** For imported quiz_config rows: 0-based index of the row in the input. */
  readonly row?: number;
}

export class Issues {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];

  error(path: string, message: string, extra: Partial<Pick<Issue, 'position' | 'row'>> = {}): void {
    this.errors.push({ path, message, ...extra });
  }

  warn(path: string, message: string, extra: Partial<Pick<Issue, 'position' | 'row'>> = {}): void {
    this.warnings.push({ path, message, ...extra });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? path === ''
      ? key
      : `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function readObject(value: unknown, path: string, issues: Issues): Record<string, unknown> | null {
  if (isRecord(value)) return value;
  issues.error(path, `must be an object, not ${describeType(value)}`);
  return null;
}

export function readArray(value: unknown, path: string, issues: Issues): readonly unknown[] | null {
  if (Array.isArray(value)) return value;
  issues.error(path, `must be an array, not ${describeType(value)}`);
  return null;
}

export function readString(
  value: unknown,
  path: string,
  issues: Issues,
  options: { nonEmpty?: boolean } = {},
): string | null {
  if (typeof value !== 'string') {
    issues.error(path, value === undefined ? 'is required' : `must be a string, not ${describeType(value)}`);
    return null;
  }
  if (options.nonEmpty && value.trim() === '') {
    issues.error(path, 'must not be empty');
    return null;
  }
  return value;
}

/**
 * The largest integer a bot config may hold: what a PostgreSQL `integer` column holds (tag codes are
 * stored in one), far past any timeout or answer power that makes sense.
 */
const MAX_CONFIG_INTEGER = 2_147_483_647;

export function readInteger(
  value: unknown,
  path: string,
  issues: Issues,
  options: { min?: number; max?: number } = {},
): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.error(
      path,
      value === undefined ? 'is required' : `must be an integer, not ${describeType(value)}`,
    );
    return null;
  }
  if (options.min !== undefined && value < options.min) {
    issues.error(path, `must be at least ${options.min}`);
    return null;
  }
  const max = options.max ?? MAX_CONFIG_INTEGER;
  if (value > max) {
    issues.error(path, `must be at most ${max}`);
    return null;
  }
  return value;
}

export function readStringArray(value: unknown, path: string, issues: Issues): string[] | null {
  const list = readArray(value, path, issues);
  if (list === null) return null;
  const out: string[] = [];
  list.forEach((item, i) => {
    const text = readString(item, at(path, i), issues);
    if (text !== null) out.push(text);
  });
  return out.length === list.length ? out : null;
}

export function checkKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  issues: Issues,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) issues.error(at(path, key), 'unknown key');
  }
}
