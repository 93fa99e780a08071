import { isListType, type ParamDecl, type ParamType, type ParamValue, PG_TYPES } from '../header/index.js';
import { type Token, tokenize } from './tokenize.js';

/**
 * Binding: each `:name` in code becomes `$n::type` and its value goes into `values`; the SQL text
 * never holds a value. `IN (:list)` becomes `= ANY($n::type[])` and `NOT IN (:list)` becomes
 * `<> ALL(…)`, the only change made outside the markers.
 */

export interface BoundQuery {
  readonly text: string;
  readonly values: ParamValue[];
}

export interface BindParam {
  readonly type: ParamType;
  readonly value: ParamValue;
}

export class BindError extends Error {}

const IN_OPEN = /\b(not\s+)?in\s*\(\s*$/i;
const CLOSE = /^\s*\)/;

/** Rewrites `[NOT] IN (` before a list marker and `)` after it; returns null when not in that shape. */
function rewriteIn(before: string, after: string, placeholder: string) {
  const open = IN_OPEN.exec(before);
  const close = CLOSE.exec(after);
  if (!open || !close) return null;
  const operator = open[1] ? '<> ALL(' : '= ANY(';
  return {
    before: before.slice(0, open.index) + operator,
    marker: placeholder,
    after: `)${after.slice(close[0].length)}`,
  };
}

function placeholderFor(n: number, type: ParamType): string {
  return `$${n}::${PG_TYPES[type]}`;
}

/** Binds the markers of `sql` to `params` (by name). A marker with no parameter is an error. */
export function bind(sql: string, params: ReadonlyMap<string, BindParam>): BoundQuery {
  const tokens: Token[] = tokenize(sql);
  const numbers = new Map<string, number>();
  const values: ParamValue[] = [];
  const parts: string[] = tokens.map((t) => t.text);
  tokens.forEach((token, i) => {
    if (token.kind !== 'marker' || token.name === undefined) return;
    const param = params.get(token.name);
    if (!param) throw new BindError(`:${token.name} has no value`);
    let n = numbers.get(token.name);
    if (n === undefined) {
      values.push(param.value);
      n = values.length;
      numbers.set(token.name, n);
    }
    const placeholder = placeholderFor(n, param.type);
    parts[i] = placeholder;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (isListType(param.type) && prev?.kind === 'code' && next?.kind === 'code') {
      const rewritten = rewriteIn(parts[i - 1] ?? '', parts[i + 1] ?? '', placeholder);
      if (rewritten) {
        parts[i - 1] = rewritten.before;
        parts[i + 1] = rewritten.after;
      }
    }
  });
  return { text: parts.join(''), values };
}

/** Builds the parameter map from the header's declarations and the values given by name. */
export function paramsFrom(decls: readonly ParamDecl[], values: ReadonlyMap<string, ParamValue>) {
  return new Map<string, BindParam>(
    decls
      .filter((d) => values.has(d.name))
      .map((d) => [d.name, { type: d.type, value: values.get(d.name) ?? null }]),
  );
}
