import { type Expr, SELF } from './ast.js';
import { parse } from './parser.js';
import { FALSE, isTruthy, lookup, type Responses, TRUE, toNumber, toText, type Value } from './values.js';

/** What an expression sees: the answers so far and the code of the question being tested. */
export interface Scope {
  readonly responses: Responses;
  /** Value of `_self`; null outside a relevance test (e.g. in `[% %]` placeholders). */
  readonly self: string | null;
}

/**
 * Evaluates a parsed expression. Total: never throws, whatever the tree and the responses (the
 * parser bounds the tree's depth, so recursion is bounded too).
 */
export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'variable':
      if (expr.name === SELF) return scope.self;
      return lookup(scope.responses, expr.name);
    case 'not':
      return isTruthy(evaluate(expr.operand, scope)) ? FALSE : TRUE;
    case 'logical': {
      const left = evaluate(expr.left, scope);
      const isAnd = expr.op === '&&' || expr.op === 'and';
      // Perl: `a && b` is a when a is false, else b; `a || b` is a when a is true, else b.
      if (isTruthy(left) !== isAnd) return left;
      return evaluate(expr.right, scope);
    }
    case 'compare':
      return compare(expr.op, evaluate(expr.left, scope), evaluate(expr.right, scope)) ? TRUE : FALSE;
  }
}

function compare(op: Extract<Expr, { kind: 'compare' }>['op'], left: Value, right: Value): boolean {
  switch (op) {
    case '==':
      return stringEquals(left, right);
    case '!=':
      return !stringEquals(left, right);
    case '<':
      return toNumber(left) < toNumber(right);
    case '>':
      return toNumber(left) > toNumber(right);
    case '<=':
      return toNumber(left) <= toNumber(right);
    case '>=':
      return toNumber(left) >= toNumber(right);
  }
}

/** Xslate's `==`: null equals only null; otherwise both sides compare as strings. */
function stringEquals(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  return toText(left) === toText(right);
}

/**
 * Whether a question with this relevance is shown. `1` (the default) is always relevant and `0`
 * never (PenhaS rejected `0`; Parley accepts it). A relevance that does not parse is treated as
 * not relevant — validation rejects such configurations before they can run.
 */
export function isRelevant(relevance: string, scope: Scope): boolean {
  const source = relevance.trim();
  if (source === '1') return true;
  if (source === '0') return false;
  const parsed = parse(source);
  if (!parsed.ok) return false;
  return isTruthy(evaluate(parsed.expr, scope));
}
