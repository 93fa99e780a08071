import type { TFunction } from 'i18next';
import { type Expr, parseRelevance } from './engine.js';

/** How a relevance was read: its sentence, or the parser's error (with its position). */
export type RelevanceReading =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly error: { code: string; params: Readonly<Record<string, string | number>>; message: string };
      readonly line: number;
      readonly column: number;
      readonly offset: number;
    };

const COMPARISON = {
  '==': 'is',
  '!=': 'isNot',
  '<': 'less',
  '>': 'more',
  '<=': 'atMost',
  '>=': 'atLeast',
} as const;

/** `a < b` read from b's side. */
const MIRRORED = { '==': '==', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as const;

/**
 * A relevance in plain words, parsed by the engine's own parser: "Shown when P1 is “P2a”" for
 * `P1=='P2a'` (or `P1==_self` on question P2a), "Always shown" for `1` or nothing, "Never shown"
 * for `0`. A name alone reads as "was answered" — what the PenhaS idiom means by it.
 */
export function readRelevance(source: string | undefined, selfCode: string, t: TFunction): RelevanceReading {
  const text = source?.trim() ?? '';
  if (text === '') return { ok: true, text: t('chatbots.studio.reading.always') };
  const parsed = parseRelevance(text);
  if (!parsed.ok) {
    const { code, params, message, line, column, offset } = parsed.error;
    // Positions are in the trimmed text: put them back in the source as typed.
    const lead = (source ?? '').length - (source ?? '').trimStart().length;
    return {
      ok: false,
      error: { code, params, message },
      line,
      column: line === 1 ? column + lead : column,
      offset: offset + lead,
    };
  }
  const constant = constantTruth(parsed.expr);
  if (constant !== null)
    return {
      ok: true,
      text: t(constant ? 'chatbots.studio.reading.always' : 'chatbots.studio.reading.never'),
    };
  return {
    ok: true,
    text: t('chatbots.studio.reading.shownWhen', { condition: condition(parsed.expr, selfCode, t) }),
  };
}

/** A literal's truth (Perl's: false is '', '0' and 0), or null for anything that is not a literal. */
function constantTruth(expr: Expr): boolean | null {
  if (expr.kind !== 'literal') return null;
  return !(expr.value === '' || expr.value === '0' || expr.value === 0);
}

function condition(expr: Expr, self: string, t: TFunction): string {
  switch (expr.kind) {
    case 'literal':
      return value(expr, self);
    case 'variable':
      return t('chatbots.studio.reading.answered', { code: value(expr, self) });
    case 'not':
      return expr.operand.kind === 'variable'
        ? t('chatbots.studio.reading.notAnswered', { code: value(expr.operand, self) })
        : t('chatbots.studio.reading.not', {
            condition:
              expr.operand.kind === 'logical'
                ? t('chatbots.studio.reading.group', { condition: condition(expr.operand, self, t) })
                : condition(expr.operand, self, t),
          });
    case 'compare': {
      // A name on the left reads better: `'a' == P1` is "P1 is 'a'".
      const flip = expr.left.kind !== 'variable' && expr.right.kind === 'variable';
      const [left, right] = flip ? [expr.right, expr.left] : [expr.left, expr.right];
      const op = flip ? MIRRORED[expr.op] : expr.op;
      return t(`chatbots.studio.reading.${COMPARISON[op]}`, {
        left: value(left, self),
        right: value(right, self),
      });
    }
    case 'logical': {
      const family = expr.op === '&&' || expr.op === 'and' ? 'and' : 'or';
      const side = (child: Expr) => {
        const text = condition(child, self, t);
        return child.kind === 'logical' && familyOf(child) !== family
          ? t('chatbots.studio.reading.group', { condition: text })
          : text;
      };
      return t(`chatbots.studio.reading.${family}`, { left: side(expr.left), right: side(expr.right) });
    }
  }
}

function familyOf(expr: Extract<Expr, { kind: 'logical' }>): 'and' | 'or' {
  return expr.op === '&&' || expr.op === 'and' ? 'and' : 'or';
}

/** A value as written in a sentence: a name as it is, `_self` as this question's code quoted, text quoted. */
function value(expr: Expr, self: string): string {
  if (expr.kind === 'variable') return expr.name === '_self' ? `“${self}”` : expr.name;
  if (expr.kind === 'literal') return typeof expr.value === 'number' ? String(expr.value) : `“${expr.value}”`;
  return '…';
}
