import { type Static, Type } from 'typebox';
import { SEARCHABLE_ID_TYPES } from '../report-ids.js';
import { ApiErrorBody } from './errors.js';
import { BigId, DateTime, Id, Nullable } from './typebox.js';

/** API shapes of reports (docs/reports.md). */

export const REPORT_LIMITS = {
  body: 200_000,
  title: 200,
  description: 2_000,
  defaultRows: 1_000,
  maxRows: 100_000,
  /** Suggestions an id parameter's search gives at most. */
  idSearchRows: 20,
  /** Columns a data source's schema lists at most (the editor's completion). */
  schemaColumns: 20_000,
} as const;

export {
  REPORT_ID_TYPES,
  type ReportIdType,
  SEARCHABLE_ID_TYPES,
  type SearchableIdType,
} from '../report-ids.js';

export const ReportName = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,79}$' });
export const ReportParams = Type.Object({ name: ReportName });
export type ReportParams = Static<typeof ReportParams>;

export const ParamDeclView = Type.Object({
  name: Type.String(),
  type: Type.String(),
  nullable: Type.Boolean(),
  default: Nullable(Type.String()),
  line: Type.Integer(),
});
export type ParamDeclView = Static<typeof ParamDeclView>;

export const HeaderProblemView = Type.Object({ line: Type.Integer(), message: Type.String() });
export type HeaderProblemView = Static<typeof HeaderProblemView>;

export const ReportSummary = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  builtin: Type.Boolean(),
  run_roles: Type.Array(Type.String()),
  updated_at: Nullable(DateTime),
});
export type ReportSummary = Static<typeof ReportSummary>;

export const ReportList = Type.Object({ reports: Type.Array(ReportSummary) });
export type ReportList = Static<typeof ReportList>;

export const ReportView = Type.Object({
  ...ReportSummary.properties,
  body: Type.String(),
  source_id: Nullable(Type.Integer()),
  search_path: Nullable(Type.String()),
  timeout_seconds: Nullable(Type.Integer()),
  params: Type.Array(ParamDeclView),
});
export type ReportView = Static<typeof ReportView>;

const SearchPath = Type.String({ pattern: '^[a-z_][a-z0-9_]*(, *[a-z_][a-z0-9_]*)*$', maxLength: 200 });

export const ReportBody = Type.Object({
  name: ReportName,
  title: Type.String({ maxLength: REPORT_LIMITS.title }),
  description: Type.Optional(Type.String({ maxLength: REPORT_LIMITS.description })),
  body: Type.String({ minLength: 1, maxLength: REPORT_LIMITS.body }),
  source_id: Type.Optional(Nullable(Id)),
  search_path: Type.Optional(Nullable(SearchPath)),
  timeout_seconds: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 86_400 }))),
  run_roles: Type.Optional(Type.Array(Type.Union([Type.Literal('auditor'), Type.Literal('moderator')]))),
});
export type ReportBody = Static<typeof ReportBody>;

export const CheckBody = Type.Object({ body: Type.String({ maxLength: REPORT_LIMITS.body }) });
export type CheckBody = Static<typeof CheckBody>;

export const CheckView = Type.Object({
  params: Type.Array(ParamDeclView),
  problems: Type.Array(HeaderProblemView),
});
export type CheckView = Static<typeof CheckView>;

/** Parameter values as text (a form field, a URL query), or JSON values. */
export const ParamValues = Type.Record(
  Type.String(),
  Type.Union([
    Type.String(),
    Type.Number(),
    Type.Boolean(),
    Type.Null(),
    Type.Array(Type.Union([Type.String(), Type.Number()])),
  ]),
);

export const RunBody = Type.Object({
  params: Type.Optional(ParamValues),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REPORT_LIMITS.maxRows })),
  explain: Type.Optional(Type.Boolean()),
});
export type RunBody = Static<typeof RunBody>;

export const COLUMN_TYPES = [
  'number',
  'text',
  'boolean',
  'date',
  'datetime',
  'time',
  'json',
  'other',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const ColumnView = Type.Object({
  name: Type.String(),
  type: Type.Union([
    Type.Literal('number'),
    Type.Literal('text'),
    Type.Literal('boolean'),
    Type.Literal('date'),
    Type.Literal('datetime'),
    Type.Literal('time'),
    Type.Literal('json'),
    Type.Literal('other'),
  ]),
});
export type ColumnView = Static<typeof ColumnView>;

export const RunView = Type.Object({
  run_id: Type.Integer(),
  columns: Type.Array(ColumnView),
  rows: Type.Array(Type.Array(Type.Unknown())),
  truncated: Type.Boolean(),
  duration_ms: Type.Integer(),
  /** The answer is streamed: a run that fails after its first rows went out ends with this. */
  error: Type.Optional(
    Type.Object(ApiErrorBody.properties.error.properties, {
      description:
        'Present when the run failed after its first rows were sent (status 200): a failed run, its rows are not a result',
    }),
  ),
});
export type RunView = Static<typeof RunView>;

export const RunParams = Type.Object({ id: BigId });
export type RunParams = Static<typeof RunParams>;

export const CancelView = Type.Object({ cancelled: Type.Boolean() });

/** Export: parameters as query string values (`?start_date=…`). */
export const ExportQuery = Type.Record(Type.String(), Type.String());

export const SchemaView = Type.Object({ tables: Type.Record(Type.String(), Type.Array(Type.String())) });
export type SchemaView = Static<typeof SchemaView>;

export const SourceBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  url: Type.String({ pattern: '^postgres(ql)?://', maxLength: 2000 }),
});
export type SourceBody = Static<typeof SourceBody>;

export const SourceTestBody = Type.Object({ url: SourceBody.properties.url });
export type SourceTestBody = Static<typeof SourceTestBody>;

export const SourceView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The URL without its password. */
  target: Type.String(),
  created_at: DateTime,
});
export type SourceView = Static<typeof SourceView>;

export const SourceList = Type.Object({ sources: Type.Array(SourceView) });
export type SourceList = Static<typeof SourceList>;

export const SourceParams = Type.Object({ id: Id });

export const SourceTestView = Type.Object({
  ok: Type.Boolean(),
  /** The server's version when it answered, else why not. */
  message: Type.String(),
});
export type SourceTestView = Static<typeof SourceTestView>;

/** Schedules and checks (docs/reports.md, "Schedules and checks"). */
export const SCHEDULE_KINDS = ['email', 'alert_when_rows', 'alert_when_empty', 'alert_when_change'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** What the last run of a schedule did. */
export const SCHEDULE_STATUSES = ['sent', 'empty', 'alert', 'alerting', 'ok', 'failed'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export const SCHEDULE_LIMITS = {
  cron: 200,
  timeZone: 64,
  recipients: 50,
  /** alert_when_change: a change of more than this many % alerts (more than 0). */
  changePercent: { max: 1_000_000 },
  /** The CSV a mail carries: longer results are cut at a row (the mail says so). */
  attachmentBytes: 10_000_000,
} as const;

export const ScheduleBody = Type.Object({
  cron: Type.String({ maxLength: SCHEDULE_LIMITS.cron }),
  /** IANA name (`America/Sao_Paulo`); UTC when left out. */
  time_zone: Type.Optional(Type.String({ maxLength: SCHEDULE_LIMITS.timeZone })),
  kind: Type.Enum(SCHEDULE_KINDS),
  change_percent: Type.Optional(
    Nullable(Type.Number({ exclusiveMinimum: 0, maximum: SCHEDULE_LIMITS.changePercent.max })),
  ),
  params: Type.Optional(ParamValues),
  recipients: Type.Array(Id, { minItems: 1, maxItems: SCHEDULE_LIMITS.recipients }),
  enabled: Type.Optional(Type.Boolean()),
});
export type ScheduleBody = Static<typeof ScheduleBody>;

export const ScheduleParams = Type.Object({ name: ReportName, id: Id });
export type ScheduleParams = Static<typeof ScheduleParams>;

export const StaffMemberView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
});
export type StaffMemberView = Static<typeof StaffMemberView>;

export const ScheduleView = Type.Object({
  id: Type.Integer(),
  report_name: Type.String(),
  cron: Type.String(),
  time_zone: Type.String(),
  kind: Type.Enum(SCHEDULE_KINDS),
  change_percent: Nullable(Type.Number()),
  params: ParamValues,
  recipients: Type.Array(StaffMemberView),
  enabled: Type.Boolean(),
  next_run_at: DateTime,
  last_run_at: Nullable(DateTime),
  last_status: Nullable(Type.Enum(SCHEDULE_STATUSES)),
  last_error: Nullable(Type.String()),
  last_row_count: Nullable(Type.Integer()),
  /** A check that alerted and has not cleared since. */
  alerting: Type.Boolean(),
  /** Since when every run has failed (null: the last run did not). */
  failing_since: Nullable(DateTime),
  created_at: DateTime,
  updated_at: DateTime,
});
export type ScheduleView = Static<typeof ScheduleView>;

export const ScheduleList = Type.Object({
  schedules: Type.Array(ScheduleView),
  /** Staff who may receive this report: admins and the roles it is granted to. */
  candidates: Type.Array(StaffMemberView),
});
export type ScheduleList = Static<typeof ScheduleList>;

export const ScheduleRunView = Type.Object({ queued: Type.Boolean() });

export const IdSearchParams = Type.Object({
  type: Type.Enum(SEARCHABLE_ID_TYPES),
});
export type IdSearchParams = Static<typeof IdSearchParams>;

export const IdSearchQuery = Type.Object({
  /** A name, an e-mail, a title or an id; empty gives the first few. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type IdSearchQuery = Static<typeof IdSearchQuery>;

export const IdSearchView = Type.Object({
  items: Type.Array(Type.Object({ id: BigId, label: Type.String() })),
});
export type IdSearchView = Static<typeof IdSearchView>;
