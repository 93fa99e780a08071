import type { CompareOp, Expr } from './ast.js';
import { type RelevanceSyntaxError, syntaxError } from './errors.js';
import { lex, type Operator, type Token } from './lexer.js';

export type ParseResult =
  | { readonly ok: true; readonly expr: Expr }
  | { readonly ok: false; readonly error: RelevanceSyntaxError };

/** Deepest nesting of parentheses and prefix operators accepted. */
export const MAX_DEPTH = 32;

/**
 * Parses a relevance expression. Never throws: a bad expression gives `{ ok: false, error }` with
 * the position of the problem.
 *
 * Precedence, loosest first, as in Perl: `or` < `and` < `not` < `||` < `&&` < equality
 * (`==` `!=`) < relational (`<` `>` `<=` `>=`) < `!`. Binary operators associate to the left.
 */
export function parse(source: string): ParseResult {
  const lexed = lex(source);
  if (!lexed.ok) return lexed;
  const parser = new Parser(source, lexed.tokens);
  const expr = parser.expression();
  if (expr === null) return { ok: false, error: parser.failure() };
  const last = parser.peek();
  if (last.type !== 'end') return { ok: false, error: parser.unexpected(last) };
  return { ok: true, expr };
}

const LOOSE_LEVELS: readonly (readonly Operator[])[] = [['or'], ['and']];
const TIGHT_LEVELS: readonly (readonly Operator[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>=']];

class Parser {
  private position = 0;
  private depth = 0;
  private error: RelevanceSyntaxError | null = null;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(): Token {
    return this.tokens[Math.min(this.position, this.tokens.length - 1)] ?? { type: 'end', offset: 0, end: 0 };
  }

  failure(): RelevanceSyntaxError {
    return (
      this.error ??
      syntaxError(this.source, this.peek().offset, {
        message: 'invalid expression',
        code: 'invalid_expression',
      })
    );
  }

  unexpected(token: Token): RelevanceSyntaxError {
    if (token.type === 'end') {
      return syntaxError(this.source, token.offset, {
        message: 'unexpected end of expression',
        code: 'unexpected_end',
      });
    }
    return syntaxError(this.source, token.offset, {
      message: `unexpected ${describe(token)}`,
      code: 'unexpected',
      params: { token: this.source.slice(token.offset, token.end) },
    });
  }

  private expectedParen(next: Token): RelevanceSyntaxError {
    if (next.type === 'end') {
      return syntaxError(this.source, next.offset, {
        message: "expected ')' but found end of expression",
        code: 'expected_paren_end',
      });
    }
    return syntaxError(this.source, next.offset, {
      message: `expected ')' but found ${describe(next)}`,
      code: 'expected_paren',
      params: { token: this.source.slice(next.offset, next.end) },
    });
  }

  expression(): Expr | null {
    return this.loose(0);
  }

  private fail(error: RelevanceSyntaxError): null {
    this.error ??= error;
    return null;
  }

  private takeOperator(ops: readonly Operator[]): (Token & { type: 'operator' }) | null {
    const token = this.peek();
    if (token.type === 'operator' && ops.includes(token.op)) {
      this.position++;
      return token;
    }
    return null;
  }

  private enter(offset: number): boolean {
    if (++this.depth > MAX_DEPTH) {
      this.fail(
        syntaxError(this.source, offset, {
          message: `expression nested deeper than ${MAX_DEPTH} levels`,
          code: 'too_deep',
          params: { max: MAX_DEPTH },
        }),
      );
      return false;
    }
    return true;
  }

  /** `or`, `and` (levels 0, 1), then `not`. */
  private loose(level: number): Expr | null {
    const ops = LOOSE_LEVELS[level];
    if (!ops) return this.lowNot();
    let left = this.loose(level + 1);
    if (left === null) return null;
    for (let op = this.takeOperator(ops); op; op = this.takeOperator(ops)) {
      const right = this.loose(level + 1);
      if (right === null) return null;
      left = { kind: 'logical', op: op.op === 'or' ? 'or' : 'and', left, right, offset: op.offset };
    }
    return left;
  }

  private lowNot(): Expr | null {
    const op = this.takeOperator(['not']);
    if (!op) return this.tight(0);
    if (!this.enter(op.offset)) return null;
    const operand = this.lowNot();
    this.depth--;
    return operand === null ? null : { kind: 'not', operand, offset: op.offset };
  }

  /** `||`, `&&`, equality, relational (levels 0–3), then `!`. */
  private tight(level: number): Expr | null {
    const ops = TIGHT_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.tight(level + 1);
    if (left === null) return null;
    for (let op = this.takeOperator(ops); op; op = this.takeOperator(ops)) {
      const right = this.tight(level + 1);
      if (right === null) return null;
      left =
        op.op === '||' || op.op === '&&'
          ? { kind: 'logical', op: op.op, left, right, offset: op.offset }
          : isCompareOp(op.op)
            ? { kind: 'compare', op: op.op, left, right, offset: op.offset }
            : left;
    }
    return left;
  }

  private unary(): Expr | null {
    const op = this.takeOperator(['!']);
    if (!op) return this.primary();
    if (!this.enter(op.offset)) return null;
    const operand = this.unary();
    this.depth--;
    return operand === null ? null : { kind: 'not', operand, offset: op.offset };
  }

  private primary(): Expr | null {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.position++;
        return { kind: 'literal', value: token.value, offset: token.offset };
      case 'string':
        this.position++;
        return { kind: 'literal', value: token.value, offset: token.offset };
      case 'identifier':
        this.position++;
        return { kind: 'variable', name: token.name, offset: token.offset };
      case 'end':
        return this.fail(this.unexpected(token));
      case 'operator': {
        if (token.op !== '(') return this.fail(this.unexpected(token));
        this.position++;
        if (!this.enter(token.offset)) return null;
        const inner = this.expression();
        this.depth--;
        if (inner === null) return null;
        if (!this.takeOperator([')'])) {
          return this.fail(this.expectedParen(this.peek()));
        }
        return inner;
      }
    }
  }
}

function isCompareOp(op: Operator): op is CompareOp {
  return op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=';
}

function describe(token: Token): string {
  switch (token.type) {
    case 'number':
      return `number ${token.text}`;
    case 'string':
      return 'string';
    case 'identifier':
      return `name '${token.name}'`;
    case 'operator':
      return `'${token.op}'`;
    case 'end':
      return 'end of expression';
  }
}
