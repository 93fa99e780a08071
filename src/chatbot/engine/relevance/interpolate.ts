import type { Expr } from './ast.js';
import { type RelevanceSyntaxError, syntaxError } from './errors.js';
import { evaluate } from './evaluate.js';
import { parse } from './parser.js';
import { type Responses, toText } from './values.js';

/** A template split into literal text and `[% expression %]` placeholders. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly raw: string; readonly expr: Expr | null };

export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  /** Placeholders that do not parse, with offsets into the whole template. */
  readonly errors: readonly RelevanceSyntaxError[];
}

const OPEN = '[%';
const CLOSE = '%]';

/** Splits a question text into text and placeholders. An unclosed `[%` is plain text. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: RelevanceSyntaxError[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf(OPEN, i);
    const close = open < 0 ? -1 : template.indexOf(CLOSE, open + OPEN.length);
    if (open < 0 || close < 0) {
      parts.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', text: template.slice(i, open) });
    const innerStart = open + OPEN.length;
    const inner = template.slice(innerStart, close);
    const parsed = parse(inner);
    if (parsed.ok) {
      parts.push({ kind: 'placeholder', raw: template.slice(open, close + CLOSE.length), expr: parsed.expr });
    } else {
      parts.push({ kind: 'placeholder', raw: template.slice(open, close + CLOSE.length), expr: null });
      errors.push(syntaxError(template, innerStart + parsed.error.offset, parsed.error));
    }
    i = close + CLOSE.length;
  }
  return { parts, errors };
}

/**
 * Replaces each `[% code %]` by the value of its expression over the answers (unanswered → empty).
 * Values are inserted as they are: never HTML-escaped (messages are plain text on every channel).
 * A placeholder that does not parse is left as written.
 */
export function interpolate(template: string, responses: Responses): string {
  if (!template.includes(OPEN)) return template;
  let out = '';
  for (const part of parseTemplate(template).parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.expr === null) out += part.raw;
    else out += toText(evaluate(part.expr, { responses, self: null }));
  }
  return out;
}
