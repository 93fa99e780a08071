/**
 * Every kind of syntax error of the relevance language, with the names of its params: the web
 * editor shows `botSyntax.<code>` in the user's language, the English `message` is for the
 * command line and the API.
 */
export const SYNTAX_PROBLEMS = {
  too_long: ['max'],
  too_many_tokens: ['max'],
  letter_after_number: ['char'],
  single_equals: [],
  single_operator: ['char'],
  bad_character: ['char'],
  unterminated_string: [],
  too_deep: ['max'],
  invalid_expression: [],
  unexpected: ['token'],
  unexpected_end: [],
  expected_paren: ['token'],
  expected_paren_end: [],
} as const satisfies Record<string, readonly string[]>;

export type SyntaxProblemCode = keyof typeof SYNTAX_PROBLEMS;

/** A syntax error of the relevance language: a value, never thrown. */
export interface RelevanceSyntaxError {
  readonly kind: 'syntax_error';
  /** English, for logs and the command line. */
  readonly message: string;
  readonly code: SyntaxProblemCode;
  readonly params: Readonly<Record<string, string | number>>;
  /** 0-based offset in the source (in UTF-16 code units, as JavaScript strings index). */
  readonly offset: number;
  /** 1-based line and column of `offset`. */
  readonly line: number;
  readonly column: number;
}

/** What went wrong, before it is placed in a source. */
export interface SyntaxProblem {
  readonly message: string;
  readonly code: SyntaxProblemCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

export function syntaxError(source: string, offset: number, problem: SyntaxProblem): RelevanceSyntaxError {
  const at = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return {
    kind: 'syntax_error',
    message: problem.message,
    code: problem.code,
    params: problem.params ?? {},
    offset: at,
    line,
    column: at - lineStart + 1,
  };
}

/** `message at line:column`, for logs and validation reports. */
export function describeSyntaxError(error: RelevanceSyntaxError): string {
  return `${error.message} (at ${error.line}:${error.column})`;
}
