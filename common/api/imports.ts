import { type Static, Type } from 'typebox';
import { IMPORT_LIMITS } from '../limits.js';
import { IMPORT_PROBLEM_CODES } from './import-problems.js';
import { BigId, BigIdParams, DateTime, Nullable } from './typebox.js';

/** API shapes of Spoke imports (docs/audit.md, "Spoke imports"), shared by the server and the web UI. */

/** Letters, digits, spaces and `._-()`, ending in .csv: names are shown and used as keys only. */
export const FILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,195}[.][Cc][Ss][Vv]$';
export const SOURCE_NAME_PATTERN = '^[a-z0-9][a-z0-9_.-]{0,62}$';

export const ImportStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
export type ImportStatus = Static<typeof ImportStatus>;

export const ImportKind = Type.Union([Type.Literal('spoke_db'), Type.Literal('spoke_csv')]);
export type ImportKind = Static<typeof ImportKind>;

export const ImportFileView = Type.Object({
  name: Type.String(),
  bytes: Nullable(Type.Integer()),
  /** Detected from the header row once the import ran: convo, legacy, statevoices, rewired. */
  layout: Nullable(Type.String()),
  role: Nullable(Type.String({ description: 'contacts, messages or convo' })),
  rows: Nullable(Type.Integer()),
  paired_with: Nullable(Type.String()),
  /**
   * How the file's messages are dated and ordered, so how recent its conversations are
   * (files with messages, once the import ran): `time_column` — by `time_column`; `file_order` —
   * the file has no time column, so its messages keep the file's order and are dated by the import.
   */
  recency: Nullable(Type.Union([Type.Literal('time_column'), Type.Literal('file_order')])),
  time_column: Nullable(Type.String()),
});
export type ImportFileView = Static<typeof ImportFileView>;

export const ImportRowError = Type.Object({
  file: Type.String(),
  /** 1-based; the header is line 1. */
  line: Nullable(Type.Integer()),
  column: Nullable(Type.String()),
  /**
   * What is wrong, as a stable code (common/api/import-problems.ts) with its `params`; absent on
   * problems recorded before problems had codes. `reason` says it in English.
   */
  code: Type.Optional(Type.Enum(IMPORT_PROBLEM_CODES)),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  reason: Type.String(),
  value: Type.Optional(Nullable(Type.String())),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const ImportProgress = Type.Object({
  phase: Type.String(),
  done: Type.Integer(),
  total: Nullable(Type.Integer()),
  unit: Type.Union([Type.Literal('rows'), Type.Literal('bytes')]),
});
export type ImportProgress = Static<typeof ImportProgress>;

/** A problem after the import's rows were stored, which does not undo it. */
export const ImportWarning = Type.Object({
  /** `pool_refresh_failed`: the audit pool could not be brought up to date (the next scheduled refresh will). */
  kind: Type.Literal('pool_refresh_failed'),
  detail: Type.String(),
});
export type ImportWarning = Static<typeof ImportWarning>;

export const SpokeImportView = Type.Object({
  id: Type.Integer(),
  kind: ImportKind,
  source: Nullable(Type.String()),
  status: ImportStatus,
  started_at: DateTime,
  finished_at: Nullable(DateTime),
  files: Type.Array(ImportFileView),
  progress: Nullable(ImportProgress),
  /** `<table>_inserted` / `<table>_updated` / `messages_orphaned`… */
  counts: Type.Record(Type.String(), Type.Integer()),
  /** The first 100 problems; `error_count` counts them all, `error_rows` the rows they are on. */
  errors: Type.Array(ImportRowError),
  error_count: Type.Integer(),
  error_rows: Type.Integer(),
  message: Nullable(Type.String()),
  warnings: Type.Array(ImportWarning),
});
export type SpokeImportView = Static<typeof SpokeImportView>;

export const ImportList = Type.Object({ imports: Type.Array(SpokeImportView) });
export type ImportList = Static<typeof ImportList>;

export const CreateImportBody = Type.Object({
  source: Type.Optional(
    Type.String({ pattern: SOURCE_NAME_PATTERN, description: 'Spoke instance (default spoke)' }),
  ),
  country: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z]{2}$',
      description: 'Country of numbers without a country code (default US)',
    }),
  ),
});
export type CreateImportBody = Static<typeof CreateImportBody>;

export const ImportIdParams = BigIdParams;
export const ImportFileParams = Type.Object({
  id: BigId,
  name: Type.String({ pattern: FILE_NAME_PATTERN, maxLength: IMPORT_LIMITS.fileNameMax }),
});
