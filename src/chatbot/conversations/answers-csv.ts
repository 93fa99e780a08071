import { Readable } from 'node:stream';
import type { Db } from '../../db/index.js';
import { NotFound } from '../../errors.js';
import { conversationKey } from './presenters.js';
import { type AnswerRow, answerRows, hasQuestionnaire, questionCodes } from './queries.js';

/**
 * A bot's questionnaire answers as CSV (RFC 4180, UTF-8): one row per conversation that recorded
 * answers, one column per question code — the quiz history PenhaS kept. Streamed a batch of
 * conversations at a time. Cells a spreadsheet would run as a formula are neutralised.
 */
export const FIXED_COLUMNS = ['conversation', 'started_at', 'ended_at', 'end_reason', 'tag_code'] as const;

/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading quote defuses a formula; quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'number'
      ? String(value)
      : JSON.stringify(value);
}

function rowCells(row: AnswerRow, codes: readonly string[]): string[] {
  return [
    conversationKey(row.user_key),
    row.started_at.toISOString(),
    row.ended_at?.toISOString() ?? '',
    row.end_reason ?? '',
    text(row.tag_code),
    ...codes.map((code) => text(row.responses[code])),
  ];
}

/**
 * The CSV of a questionnaire of a bot. Throws NotFound before anything is sent when no revision
 * of the bot has the questionnaire, so a wrong id is an error reply and not an empty file.
 */
export async function answersCsv(db: Db, botId: number, questionnaireId: string): Promise<Readable> {
  if (!(await hasQuestionnaire(db, botId, questionnaireId))) throw new NotFound('Questionnaire');
  const codes = await questionCodes(db, botId, questionnaireId);
  async function* lines(): AsyncGenerator<string> {
    // A byte order mark: spreadsheets then read the file as UTF-8 (accents, emoji).
    yield `\uFEFF${csvLine([...FIXED_COLUMNS, ...codes])}`;
    for await (const row of answerRows(db, botId, questionnaireId)) yield csvLine(rowCells(row, codes));
  }
  return Readable.from(lines(), { objectMode: false });
}
