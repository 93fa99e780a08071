import { tokenize } from '../binder/tokenize.js';
import { type ParamType, resolveType } from './types.js';
import { type ParamValue, parseValue } from './values.js';

/**
 * The report header (docs/reports.md §1, Discourse Data Explorer syntax):
 *
 *   -- [params]
 *   -- date :start_date = 2023-01-01
 *   -- null int :campaign_id
 *
 * Parsing is strict: every problem is reported with its (1-based) line.
 */

export interface ParamDecl {
  readonly name: string;
  readonly type: ParamType;
  readonly nullable: boolean;
  /** The default as written, or null when there is none. */
  readonly defaultText: string | null;
  /** The parsed default; undefined when there is none (the parameter is then required unless nullable). */
  readonly defaultValue: ParamValue | undefined;
  readonly line: number;
}

export interface HeaderProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedReport {
  readonly params: ParamDecl[];
  readonly problems: HeaderProblem[];
}

const PARAMS_LINE = /^\s*--\s*\[params\]\s*$/i;
const DECLARATION =
  /^\s*--\s*(?:(null)\s+)?([A-Za-z_]+)(?:\s+(null))?\s+:([a-z_][a-z0-9_]*)\s*(?:=\s*(.*?))?\s*$/i;
const NAME = /^[a-z_][a-z0-9_]*$/;

/** A comment line that looks like an attempt at a declaration (so a mistake in it is reported, not skipped). */
function looksLikeDeclaration(line: string): boolean {
  const m = /^\s*--\s*(\S+)/.exec(line);
  if (!m) return false;
  const first = (m[1] ?? '').toLowerCase();
  return (
    first === 'null' || resolveType(first) !== null || /(^|\s):[A-Za-z_]/.test(line.replace(/^\s*--/, ''))
  );
}

function parseDeclaration(line: string, lineNo: number, problems: HeaderProblem[]): ParamDecl | null {
  const m = DECLARATION.exec(line);
  const body = line.trim();
  if (!m) {
    problems.push({
      line: lineNo,
      message: `malformed declaration "${body}": expected "-- type :name [= default]"`,
    });
    return null;
  }
  const [, nullBefore, typeWord = '', nullAfter, name = '', defaultText] = m;
  if (!NAME.test(name)) {
    problems.push({ line: lineNo, message: `":${name}": names are lower-case letters, digits and _` });
    return null;
  }
  const type = resolveType(typeWord);
  if (type === null) {
    problems.push({ line: lineNo, message: `unknown type "${typeWord}" for :${name}` });
    return null;
  }
  const nullable = nullBefore !== undefined || nullAfter !== undefined;
  if (defaultText === undefined) {
    return { name, type, nullable, defaultText: null, defaultValue: undefined, line: lineNo };
  }
  if (defaultText === '' && type !== 'string' && !type.endsWith('_list')) {
    problems.push({ line: lineNo, message: `empty default for :${name}` });
    return null;
  }
  const parsed = parseValue(type, nullable, defaultText);
  if (!parsed.ok) {
    problems.push({ line: lineNo, message: `default of :${name}: ${parsed.error}` });
    return null;
  }
  return { name, type, nullable, defaultText, defaultValue: parsed.value, line: lineNo };
}

/** The declarations of the header, with the problems found in it. */
export function parseHeader(sql: string): ParsedReport {
  const lines = sql.split('\n');
  const params: ParamDecl[] = [];
  const problems: HeaderProblem[] = [];
  const start = lines.findIndex((l) => PARAMS_LINE.test(l));
  if (start === -1) return { params, problems };
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (!looksLikeDeclaration(line)) break;
    const decl = parseDeclaration(line, i + 1, problems);
    if (decl === null) continue;
    const twin = params.find((p) => p.name === decl.name);
    if (twin) {
      problems.push({ line: i + 1, message: `:${decl.name} is declared twice (first on line ${twin.line})` });
      continue;
    }
    params.push(decl);
  }
  return { params, problems };
}

function lineOf(sql: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (sql.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Names used as `:name` in code (not in literals or comments), with the line of their first use. */
export function usedMarkers(sql: string): Map<string, number> {
  const used = new Map<string, number>();
  for (const token of tokenize(sql)) {
    if (token.kind === 'marker' && token.name !== undefined && !used.has(token.name)) {
      used.set(token.name, lineOf(sql, token.start));
    }
  }
  return used;
}

/**
 * Parses and checks a whole report: the header's problems plus every `:name` used but not
 * declared and every declared parameter never used. Problems are sorted by line.
 */
export function checkReport(sql: string): ParsedReport {
  const { params, problems } = parseHeader(sql);
  const all = [...problems];
  const used = usedMarkers(sql);
  for (const [name, line] of used) {
    if (!params.some((p) => p.name === name))
      all.push({ line, message: `:${name} is used but not declared` });
  }
  for (const p of params) {
    if (!used.has(p.name)) all.push({ line: p.line, message: `:${p.name} is declared but never used` });
  }
  all.sort((a, b) => a.line - b.line);
  return { params, problems: all };
}
