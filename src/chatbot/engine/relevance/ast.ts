/** The relevance language's syntax tree (plain JSON: can be logged or stored). */
export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number; readonly offset: number }
  /** An earlier answer by question code; `_self` is resolved to the tested question's code. */
  | { readonly kind: 'variable'; readonly name: string; readonly offset: number }
  /** `!x` or `not x` (same meaning, different precedence). */
  | { readonly kind: 'not'; readonly operand: Expr; readonly offset: number }
  | {
      readonly kind: 'compare';
      readonly op: CompareOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly offset: number;
    }
  /** `&&`/`and` and `||`/`or`: return one of their operands, Perl style. */
  | {
      readonly kind: 'logical';
      readonly op: LogicalOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly offset: number;
    };

/** `==`/`!=` compare strings; `<`, `>`, `<=`, `>=` compare numbers. */
export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>=';
export type LogicalOp = '&&' | '||' | 'and' | 'or';

/** The name that stands for the code of the question whose relevance is tested. */
export const SELF = '_self';
