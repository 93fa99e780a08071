import { Rejected } from '../errors.js';
import type { Issue } from './engine/index.js';

/**
 * A problem found in a bot config, a bundle or PenhaS files: the engine's Issue (JSON path,
 * message, relevance position, quiz row) plus where it is in the file as uploaded.
 */
export interface BotIssue extends Issue {
  /** Which input: `config` / `quiz` (PenhaS import) or `bundle`. */
  readonly file?: 'config' | 'quiz' | 'bundle';
  /** 1-based line in that file (the CSV line of a quiz row, or the line of a JSON syntax error). */
  readonly line?: number;
}

/** One line per issue, as the CLI prints them: `quiz.csv line 7: quiz[5].relevance: …`. */
export function formatIssue(
  issue: BotIssue,
  fileNames: Partial<Record<'config' | 'quiz' | 'bundle', string>> = {},
) {
  const file = issue.file ? (fileNames[issue.file] ?? issue.file) : null;
  const where = file ? `${file}${issue.line !== undefined ? ` line ${issue.line}` : ''}: ` : '';
  return `${where}${issue.path}: ${issue.message}`;
}

/** A config, bundle or import with errors: nothing was saved. `details` lists every issue. */
export class InvalidBot extends Rejected {
  constructor(
    message: string,
    readonly issues: readonly BotIssue[],
  ) {
    super('invalid_bot', message, issues);
  }
}

export function problems(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}
