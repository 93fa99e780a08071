import {
  type BotProblem,
  englishProblem,
  type JsonKind,
  type ProblemCause,
  type ProblemParams,
} from './problems.js';

/**
 * Reading untrusted JSON while collecting every problem with its path (validation and import
 * report all errors at once, each with its JSON path).
 */

export interface Issue {
  /** JSON path, e.g. `bot.nodes[2].quick_replies[0].metadata` or `quiz[4].relevance`. */
  readonly path: string;
  /** English. */
  readonly message: string;
  /**
   * What the problem is (BOT_PROBLEMS), for a text in the reader's language (`chatbots.issues.codes.<code>`
   * in the web UI, with `params` as its placeholders). Absent for some PenhaS import problems.
   */
  readonly code?: string;
  readonly params?: ProblemParams;
  /** For a syntax error: the parser's problem (`chatbots.issues.syntax.<code>`). */
  readonly cause?: ProblemCause;
  /** For relevance and placeholder syntax errors: where in the text. */
  readonly position?: { readonly offset: number; readonly line: number; readonly column: number };
  /** For imported quiz_config rows: 0-based index of the row in the input. */
  readonly row?: number;
}

type IssueExtra = Partial<Pick<Issue, 'position' | 'row' | 'cause'>>;

/** An issue of a problem with a code, or of a message in English only. */
function issueOf(path: string, problem: string | BotProblem, extra: IssueExtra): Issue {
  if (typeof problem === 'string') return { path, message: problem, ...extra };
  return {
    path,
    message: englishProblem(problem),
    code: problem.code,
    ...(problem.params ? { params: problem.params } : {}),
    ...extra,
  };
}

export class Issues {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];

  error(path: string, problem: string | BotProblem, extra: IssueExtra = {}): void {
    this.errors.push(issueOf(path, problem, extra));
  }

  warn(path: string, problem: string | BotProblem, extra: IssueExtra = {}): void {
    this.warnings.push(issueOf(path, problem, extra));
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

/** The JSON kind of a value, as type problems name it. */
export function jsonKind(value: unknown): JsonKind {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** A value of the wrong kind: `required` when it is missing. */
function wrongType(expected: JsonKind, value: unknown): BotProblem {
  if (value === undefined) return { code: 'required' };
  return { code: 'wrong_type', params: { expected, found: jsonKind(value) } };
}

export function readObject(value: unknown, path: string, issues: Issues): Record<string, unknown> | null {
  if (isRecord(value)) return value;
  issues.error(path, wrongType('object', value));
  return null;
}

export function readArray(value: unknown, path: string, issues: Issues): readonly unknown[] | null {
  if (Array.isArray(value)) return value;
  issues.error(path, wrongType('array', value));
  return null;
}

export function readString(
  value: unknown,
  path: string,
  issues: Issues,
  options: { nonEmpty?: boolean } = {},
): string | null {
  if (typeof value !== 'string') {
    issues.error(path, wrongType('string', value));
    return null;
  }
  if (options.nonEmpty && value.trim() === '') {
    issues.error(path, { code: 'empty' });
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
    issues.error(path, wrongType('integer', value));
    return null;
  }
  if (options.min !== undefined && value < options.min) {
    issues.error(path, { code: 'too_small', params: { min: options.min } });
    return null;
  }
  const max = options.max ?? MAX_CONFIG_INTEGER;
  if (value > max) {
    issues.error(path, { code: 'too_large', params: { max } });
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
    if (!allowed.includes(key)) issues.error(at(path, key), { code: 'unknown_key' });
  }
}
