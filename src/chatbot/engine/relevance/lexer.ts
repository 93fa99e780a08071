import { type RelevanceSyntaxError, type SyntaxProblem, syntaxError } from './errors.js';

/** Tokens of the relevance language; `offset` and `end` delimit each in the source. */
export type Token = (
  | { readonly type: 'number'; readonly value: number; readonly text: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'identifier'; readonly name: string }
  | { readonly type: 'operator'; readonly op: Operator }
  | { readonly type: 'end' }
) & { readonly offset: number; readonly end: number };

export type Operator =
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '!'
  | '&&'
  | '||'
  | 'not'
  | 'and'
  | 'or'
  | '('
  | ')';

export type LexResult =
  | { readonly ok: true; readonly tokens: readonly Token[] }
  | { readonly ok: false; readonly error: RelevanceSyntaxError };

/** Longest source accepted (PenhaS's relevances are a few dozen characters). */
export const MAX_SOURCE_LENGTH = 2000;
/** Most tokens accepted in one expression. */
export const MAX_TOKENS = 400;

const WORD_OPERATORS: Readonly<Record<string, Operator>> = { not: 'not', and: 'and', or: 'or' };
const TWO_CHAR: readonly Operator[] = ['==', '!=', '<=', '>=', '&&', '||'];
const ONE_CHAR: readonly Operator[] = ['<', '>', '!', '(', ')'];
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}
function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

/** Splits an expression into tokens; the last token is always `end`. */
export function lex(source: string): LexResult {
  if (source.length > MAX_SOURCE_LENGTH) {
    return fail(source, MAX_SOURCE_LENGTH, {
      message: `expression longer than ${MAX_SOURCE_LENGTH} characters`,
      code: 'too_long',
      params: { max: MAX_SOURCE_LENGTH },
    });
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (tokens.length >= MAX_TOKENS) {
      return fail(source, i, {
        message: `expression has more than ${MAX_TOKENS} tokens`,
        code: 'too_many_tokens',
        params: { max: MAX_TOKENS },
      });
    }
    const start = i;
    if (isDigit(ch) || (ch === '.' && isDigit(source.charAt(i + 1)))) {
      while (isDigit(source.charAt(i))) i++;
      if (source.charAt(i) === '.' && isDigit(source.charAt(i + 1))) {
        i++;
        while (isDigit(source.charAt(i))) i++;
      }
      if (isIdentStart(source.charAt(i))) {
        const char = source.charAt(i);
        return fail(source, i, {
          message: `unexpected '${char}' after a number`,
          code: 'letter_after_number',
          params: { char },
        });
      }
      const text = source.slice(start, i);
      tokens.push({ type: 'number', value: Number(text), text, offset: start, end: i });
      continue;
    }
    if (isIdentStart(ch)) {
      while (isIdentPart(source.charAt(i))) i++;
      const name = source.slice(start, i);
      const op = Object.hasOwn(WORD_OPERATORS, name) ? WORD_OPERATORS[name] : undefined;
      tokens.push(
        op
          ? { type: 'operator', op, offset: start, end: i }
          : { type: 'identifier', name, offset: start, end: i },
      );
      continue;
    }
    if (ch === "'" || ch === '"') {
      const read = readString(source, i);
      if (!read.ok) return read;
      tokens.push({ type: 'string', value: read.value, offset: start, end: read.end });
      i = read.end;
      continue;
    }
    const two = source.slice(i, i + 2);
    const twoOp = TWO_CHAR.find((op) => op === two);
    if (twoOp) {
      tokens.push({ type: 'operator', op: twoOp, offset: start, end: start + 2 });
      i += 2;
      continue;
    }
    const oneOp = ONE_CHAR.find((op) => op === ch);
    if (oneOp) {
      tokens.push({ type: 'operator', op: oneOp, offset: start, end: start + 1 });
      i++;
      continue;
    }
    if (ch === '=') {
      return fail(source, i, { message: "unexpected '=' (use '==' to compare)", code: 'single_equals' });
    }
    if (ch === '&' || ch === '|') {
      return fail(source, i, {
        message: `unexpected '${ch}' (use '${ch}${ch}')`,
        code: 'single_operator',
        params: { char: ch },
      });
    }
    const char = String.fromCodePoint(source.codePointAt(i) ?? 0);
    return fail(source, i, {
      message: `unexpected character '${char}'`,
      code: 'bad_character',
      params: { char },
    });
  }
  tokens.push({ type: 'end', offset: source.length, end: source.length });
  return { ok: true, tokens };
}

type StringRead = { ok: true; value: string; end: number } | { ok: false; error: RelevanceSyntaxError };

/**
 * Reads a quoted literal. Both quotes accept `\\` and an escaped quote; double quotes also take
 * `\n`, `\t` and `\r` (as in Perl). Any other backslash is kept as written.
 */
function readString(source: string, start: number): StringRead {
  const quote = source.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === quote) return { ok: true, value, end: i + 1 };
    if (ch === '\\' && i + 1 < source.length) {
      const next = source.charAt(i + 1);
      if (next === quote || next === '\\') {
        value += next;
        i += 2;
        continue;
      }
      const simple = quote === '"' && Object.hasOwn(SIMPLE_ESCAPES, next) ? SIMPLE_ESCAPES[next] : undefined;
      if (simple !== undefined) {
        value += simple;
        i += 2;
        continue;
      }
    }
    value += ch;
    i++;
  }
  return {
    ok: false,
    error: syntaxError(source, start, { message: 'unterminated string', code: 'unterminated_string' }),
  };
}

function fail(source: string, offset: number, problem: SyntaxProblem): LexResult {
  return { ok: false, error: syntaxError(source, offset, problem) };
}
