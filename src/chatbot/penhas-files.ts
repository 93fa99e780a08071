import { CsvError, parse } from 'csv-parse/sync';
import type { BotBundle } from './engine/index.js';
import { convertPenhas } from './engine/index.js';
import type { BotIssue } from './issues.js';
import { parseJsonText } from './json-text.js';

/** The files of a PenhaS bot as uploaded: its config JSON and its `quiz_config` rows. */
export interface PenhasFiles {
  readonly config: string;
  readonly quiz: string;
  readonly quizFormat: 'csv' | 'json';
  /** For rows without a `questionnaire_id` column. */
  readonly questionnaireId?: string | undefined;
}

export type PenhasConverted =
  | { readonly ok: true; readonly bundle: BotBundle; readonly warnings: readonly BotIssue[] }
  | { readonly ok: false; readonly errors: readonly BotIssue[]; readonly warnings: readonly BotIssue[] };

interface QuizRows {
  readonly rows: unknown;
  /** 1-based first line of each row in the CSV (null for JSON input). */
  readonly lines: readonly number[] | null;
}

/**
 * Parses both files and converts them with the engine's PenhaS importer. Every problem comes back
 * at once, each with its file, its path and, for CSV rows, the line the row starts on.
 */
export function convertPenhasFiles(files: PenhasFiles): PenhasConverted {
  const errors: BotIssue[] = [];
  const config = parseJsonText(files.config, 'config');
  if (!config.ok) errors.push(config.issue);
  const quiz = files.quizFormat === 'csv' ? readCsv(files.quiz) : readJsonRows(files.quiz);
  if ('issues' in quiz) errors.push(...quiz.issues);
  if (!config.ok || 'issues' in quiz) return { ok: false, errors, warnings: [] };

  const options = files.questionnaireId ? { questionnaire_id: files.questionnaireId } : {};
  const converted = convertPenhas(config.value, quiz.rows, options);
  const place = (issue: BotIssue): BotIssue => {
    const file = issue.path.startsWith('quiz') ? 'quiz' : 'config';
    const line = file === 'quiz' && issue.row !== undefined ? quiz.lines?.[issue.row] : undefined;
    return { ...issue, file, ...(line !== undefined ? { line } : {}) };
  };
  const warnings = converted.warnings.map(place);
  if (!converted.ok) return { ok: false, errors: converted.errors.map(place), warnings };
  return { ok: true, bundle: converted.bundle, warnings };
}

function readJsonRows(text: string): QuizRows | { issues: BotIssue[] } {
  const parsed = parseJsonText(text, 'quiz');
  if (!parsed.ok) return { issues: [parsed.issue] };
  const value = parsed.value;
  // A bare array of rows, or an export wrapping it (`{"data": [...]}`, `{"quiz_config": [...]}`).
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const wrapped = Object.values(value).find(Array.isArray);
    if (wrapped) return { rows: wrapped, lines: null };
  }
  return { rows: value, lines: null };
}

interface CsvRecord {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

function readCsv(text: string): QuizRows | { issues: BotIssue[] } {
  try {
    const records = parse(text, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      info: true,
      raw: true,
      bom: true,
      skip_empty_lines: true,
    }) as CsvRecord[];
    return {
      rows: records.map((r) => r.record),
      lines: records.map((r) => {
        const content = r.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
        return r.info.lines - (content.match(/\n/g)?.length ?? 0);
      }),
    };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        issues: [
          {
            file: 'quiz',
            path: 'quiz',
            message: `invalid CSV: ${error.message}`,
            ...(typeof line === 'number' ? { line } : {}),
          },
        ],
      };
    }
    throw error;
  }
}
