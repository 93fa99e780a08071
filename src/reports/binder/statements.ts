import { tokenize } from './tokenize.js';

/** Statements in `sql`: semicolons in code split them; empty ones (only blanks and comments) do not count. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let meaningful = false;
  for (const token of tokenize(sql)) {
    if (token.kind === 'semicolon') {
      if (meaningful) statements.push(current);
      current = '';
      meaningful = false;
      continue;
    }
    current += token.text;
    if (token.kind !== 'comment' && !(token.kind === 'code' && token.text.trim() === '')) meaningful = true;
  }
  if (meaningful) statements.push(current);
  return statements;
}

export function statementCount(sql: string): number {
  return splitStatements(sql).length;
}
