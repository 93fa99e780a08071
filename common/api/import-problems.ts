/**
 * Every problem a CSV import can list for a file or a row (the `errors` of an import and of an
 * `import_rejected` error: file, line, column, value), in one list: its stable `code` and the names
 * of its `params`. The server sends each problem with its code, its params and an English `reason`
 * (for the command line and API clients); the web UI shows `importProblems.<code>` of
 * web/src/i18n/en.json and pt-BR.json with the params, and the reason for a code it does not know.
 * `common/api/import-problems.test.ts` fails when a code lacks a text, or a text's placeholders
 * are not its params.
 */
export const IMPORT_PROBLEMS = {
  // The files given.
  /** Two files of one import have the same name. */
  duplicate_file_name: [],
  /** The file cannot be read as CSV; `detail` is the reader's (or PostgreSQL's) own English text. */
  unreadable_csv: ['detail'],
  /** More columns than a table can hold: `columns` in the header, at most `max`. */
  too_many_columns: ['columns', 'max'],
  /** No header row. */
  empty_file: [],
  /** The header names `column` twice. */
  duplicate_column: ['column'],
  /** The header names survey question `question` twice. */
  duplicate_question: ['question'],
  /** No layout fits the header; `header` shows its first columns, quoted. */
  unknown_layout: ['header'],
  /** A contacts file of "Export Data" given without its messages file `expected`. */
  missing_messages_file: ['expected'],
  // Records the CSV reader could not split.
  /** A record longer than `mb` MB (most likely a quote never closed). */
  record_too_long: ['mb'],
  blank_line: [],
  /** `fields` fields where the header has `width`. */
  field_count: ['fields', 'width'],
  /** Bytes that are not UTF-8, or a NUL byte. */
  not_utf8: [],
  /** A line ending (`ending`: `\n`, `\r\n` or `\r`) unlike the first line's (`first`). */
  line_ending: ['ending', 'first'],
  /** A quote opened on this line is never closed. */
  unclosed_quote: [],
  // Values.
  missing_value: [],
  not_boolean: [],
  unparseable_date: [],
  not_phone: [],
  /** A value PostgreSQL refused that the checks did not explain; `detail` is its English message. */
  invalid_value: ['detail'],
  // Rows against each other, and against what is stored.
  /** The contact is also on line `other_line` of `other_file` (`?` when unknown). */
  duplicate_contact: ['other_file', 'other_line'],
  /** A message whose contact (id `contact`) is neither in the files nor already imported. */
  missing_contact: ['contact'],
  /** A message whose contact (cell `cell` in campaign `campaign`) is neither in the files nor stored. */
  missing_contact_cell: ['cell', 'campaign'],
} as const satisfies Record<string, readonly string[]>;

export type ImportProblemCode = keyof typeof IMPORT_PROBLEMS;

export const IMPORT_PROBLEM_CODES = Object.keys(IMPORT_PROBLEMS) as ImportProblemCode[];

/** The params of a problem: each named one, as text or a number. */
export type ImportProblemParams<C extends ImportProblemCode> = {
  readonly [K in (typeof IMPORT_PROBLEMS)[C][number]]: string | number;
};

/** A problem's code with its params (none for a code without any). */
export type ImportProblem = {
  [C in ImportProblemCode]: (typeof IMPORT_PROBLEMS)[C] extends readonly []
    ? { code: C; params?: undefined }
    : { code: C; params: ImportProblemParams<C> };
}[ImportProblemCode];

const KNOWN: ReadonlySet<string> = new Set(IMPORT_PROBLEM_CODES);

export function isImportProblemCode(value: unknown): value is ImportProblemCode {
  return typeof value === 'string' && KNOWN.has(value);
}
