/** A syntax error of the relevance language: a value, never thrown. */
export interface RelevanceSyntaxError {
  readonly kind: 'syntax_error';
  readonly message: string;
  /** 0-based offset in the source (in UTF-16 code units, as JavaScript strings index). */
  readonly offset: number;
  /** 1-based line and column of `offset`. */
  readonly line: number;
  readonly column: number;
}

export function syntaxError(source: string, offset: number, message: string): RelevanceSyntaxError {
  const at = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { kind: 'syntax_error', message, offset: at, line, column: at - lineStart + 1 };
}

/** `message at line:column`, for logs and validation reports. */
export function describeSyntaxError(error: RelevanceSyntaxError): string {
  return `${error.message} (at ${error.line}:${error.column})`;
}
