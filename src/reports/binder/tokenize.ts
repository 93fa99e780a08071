/**
 * A PostgreSQL-aware scanner for report SQL: it splits the text into code, string literals
 * (`'…'`, `E'…'` with backslash escapes), quoted identifiers, dollar quotes (`$tag$…$tag$`),
 * comments (`--`, nested `/* *\/`) and parameter markers (`:name`, never `::`). Only markers in
 * code are parameters; the same text inside a literal or comment is left alone. Unterminated
 * literals and comments run to the end of the text, so nothing after them is taken as code.
 */

export type TokenKind = 'code' | 'string' | 'identifier' | 'dollar' | 'comment' | 'marker' | 'semicolon';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  /** For markers: the parameter name without the colon. */
  readonly name?: string;
}

const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const MARKER = /^:([a-z_][a-z0-9_]*)/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && IDENT_CHAR.test(ch);
}

/** End index (exclusive) of a quoted run starting at `i` (the opening quote). */
function endOfQuoted(sql: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslash && ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j += 1;
  }
  return sql.length;
}

function endOfBlockComment(sql: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < sql.length) {
    if (sql.startsWith('/*', j)) {
      depth += 1;
      j += 2;
    } else if (sql.startsWith('*/', j)) {
      depth -= 1;
      j += 2;
      if (depth === 0) return j;
    } else {
      j += 1;
    }
  }
  return sql.length;
}

function endOfLineComment(sql: string, i: number): number {
  const newline = sql.indexOf('\n', i);
  return newline === -1 ? sql.length : newline;
}

/** The special token starting at `i`, or null when `sql[i]` is plain code. */
function specialAt(sql: string, i: number): { kind: TokenKind; end: number; name?: string } | null {
  const ch = sql[i];
  const prev = i > 0 ? sql[i - 1] : undefined;
  if (ch === "'") return { kind: 'string', end: endOfQuoted(sql, i, "'", false) };
  if ((ch === 'E' || ch === 'e') && sql[i + 1] === "'" && !isIdentChar(prev)) {
    return { kind: 'string', end: endOfQuoted(sql, i + 1, "'", true) };
  }
  if (ch === '"') return { kind: 'identifier', end: endOfQuoted(sql, i, '"', false) };
  if (ch === '-' && sql[i + 1] === '-') return { kind: 'comment', end: endOfLineComment(sql, i) };
  if (ch === '/' && sql[i + 1] === '*') return { kind: 'comment', end: endOfBlockComment(sql, i) };
  if (ch === ';') return { kind: 'semicolon', end: i + 1 };
  if (ch === '$' && !isIdentChar(prev)) {
    const tag = DOLLAR_TAG.exec(sql.slice(i, i + 200));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return { kind: 'dollar', end: close === -1 ? sql.length : close + tag[0].length };
    }
  }
  if (ch === ':') {
    if (sql[i + 1] === ':') return { kind: 'code', end: i + 2 };
    const marker = MARKER.exec(sql.slice(i, i + 200));
    if (marker && !isIdentChar(sql[i + marker[0].length])) {
      return { kind: 'marker', end: i + marker[0].length, name: marker[1] };
    }
  }
  return null;
}

/** Splits `sql` into tokens whose texts, joined, are exactly `sql`. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let codeStart = 0;
  let i = 0;
  const flushCode = (upTo: number) => {
    if (upTo > codeStart) tokens.push({ kind: 'code', text: sql.slice(codeStart, upTo), start: codeStart });
  };
  while (i < sql.length) {
    const special = specialAt(sql, i);
    if (special === null || special.kind === 'code') {
      // Skip a whole identifier at once so `E'` inside a name or `$` within one is not special.
      if (special === null && isIdentChar(sql[i])) {
        let j = i + 1;
        while (j < sql.length && isIdentChar(sql[j])) j += 1;
        i = j;
      } else {
        i = special === null ? i + 1 : special.end;
      }
      continue;
    }
    flushCode(i);
    const token: Token = { kind: special.kind, text: sql.slice(i, special.end), start: i };
    tokens.push(special.name === undefined ? token : { ...token, name: special.name });
    i = special.end;
    codeStart = i;
  }
  flushCode(sql.length);
  return tokens;
}
