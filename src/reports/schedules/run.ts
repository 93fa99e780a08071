import { SCHEDULE_LIMITS } from '../../../common/api/reports.js';
import { isLanguageCode } from '../../../common/languages.js';
import type { Db } from '../../db/index.js';
import {
  type EmailAttachment,
  queueEmail,
  reportAlertEmail,
  reportFailureEmail,
  reportResultEmail,
} from '../../email/index.js';
import { DomainError, Rejected } from '../../errors.js';
import { csvLine } from '../export.js';
import { MAX_ROW_LIMIT, type Report } from '../model.js';
import type { ReportContext } from '../run.js';
import { type RunResult, runReport } from '../service.js';
import { findReport } from '../store.js';
import { wallTimeText } from './cron.js';
import { judge, type Verdict } from './judge.js';
import type { Schedule, ScheduleStatus } from './model.js';
import { findScheduleById, type StaffMember, staffWhoMayRun } from './store.js';

/**
 * One run of a schedule (the `report_schedule_run` job): the report runs through the runner as
 * `via = 'schedule'`, its outcome is judged, mails are queued and the schedule's state recorded in
 * one transaction. A run that fails is recorded and mailed to the report's owner — never silent.
 */

export type ScheduleRunResult = { ran: false } | { ran: true; status: ScheduleStatus; mailed: number };

export interface ScheduleRunOptions {
  readonly now?: Date;
  /** "Run now": runs a paused schedule too. */
  readonly manual?: boolean;
}

/** A run holds its schedule this long past the longest report may run; then a dead run's hold ends. */
const LEASE_MARGIN_MS = 5 * 60_000;

/**
 * Takes the schedule for this run, unless another run holds it (two workers, or a run still going
 * when the next one is due): then this one does nothing.
 */
async function claim(ctx: ReportContext, id: number, now: Date, manual: boolean): Promise<Schedule | null> {
  const leaseMs = ctx.config.reports.timeoutCapSeconds * 1000 + LEASE_MARGIN_MS;
  const taken = await ctx.db
    .updateTable('report_schedules')
    .set({ running_since: now })
    .where('id', '=', id)
    .where((eb) => (manual ? eb.val(true) : eb('enabled', '=', true)))
    .where((eb) =>
      eb.or([eb('running_since', 'is', null), eb('running_since', '<', new Date(now.getTime() - leaseMs))]),
    )
    .returning('id')
    .executeTakeFirst();
  return taken ? findScheduleById(ctx.db, id) : null;
}

export async function runSchedule(
  ctx: ReportContext,
  scheduleId: number,
  options: ScheduleRunOptions = {},
): Promise<ScheduleRunResult> {
  const now = options.now ?? new Date();
  const schedule = await claim(ctx, scheduleId, now, options.manual ?? false);
  if (!schedule) return { ran: false };
  try {
    return await runClaimed(ctx, schedule, now);
  } catch (error) {
    return await recordFailure(ctx, schedule, error, now);
  }
}

function localeOf(user: StaffMember) {
  return isLanguageCode(user.language) ? user.language : 'en';
}

/** The report's page, with the schedule's parameters; `run` opens it run. */
function reportUrl(ctx: ReportContext, schedule: Schedule, run: boolean): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(schedule.params)) {
    if (value !== null && value !== undefined && value !== '')
      query.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  if (run) query.set('run', '1');
  const text = query.toString();
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/reports/${schedule.reportName}${text ? `?${text}` : ''}`;
}

interface ResultFile {
  readonly attachment: EmailAttachment;
  readonly rows: number;
  readonly truncated: boolean;
}

/** The result as the CSV export writes it, cut at a row when longer than a mail carries. */
export function resultFile(result: RunResult, fileName: string): ResultFile {
  const lines = [csvLine(result.columns.map((c) => c.name))];
  let bytes = Buffer.byteLength(lines[0]!);
  let rows = 0;
  for (const row of result.rows) {
    const line = csvLine(row);
    bytes += Buffer.byteLength(line);
    if (bytes > SCHEDULE_LIMITS.attachmentBytes) break;
    lines.push(line);
    rows++;
  }
  return {
    attachment: { filename: fileName, contentType: 'text/csv; charset=utf-8', content: lines.join('') },
    rows,
    truncated: result.truncated || rows < result.rows.length,
  };
}

async function runClaimed(ctx: ReportContext, schedule: Schedule, now: Date): Promise<ScheduleRunResult> {
  const report = await findReport(ctx.db, schedule.reportName);
  const recipients = await staffWhoMayRun(ctx.db, report, schedule.recipientIds);
  if (recipients.length === 0)
    throw new Rejected(
      'report_schedule_no_recipients',
      "None of the schedule's recipients may receive this report any more (disabled, or their role lost it).",
    );
  const result = await runReport(
    ctx,
    { report, params: schedule.params, actorId: null, via: 'schedule' },
    MAX_ROW_LIMIT,
  );
  const verdict = judge(
    {
      kind: schedule.kind,
      alerting: schedule.alerting,
      lastRowCount: schedule.lastRowCount,
      threshold: schedule.changePercent,
    },
    result.rows.length,
  );
  const fileName = `${report.name}-${wallTimeText(now, schedule.timeZone).slice(0, 10)}.csv`;
  const file = verdict.mail !== null && result.rows.length > 0 ? resultFile(result, fileName) : null;
  return ctx.db.transaction().execute(async (trx) => {
    const mailed =
      verdict.mail === null
        ? 0
        : await mailRecipients(trx, ctx, { schedule, report, recipients, result, verdict, file, now });
    await trx
      .updateTable('report_schedules')
      .set({
        running_since: null,
        last_run_at: now,
        last_run_id: result.runId,
        last_status: verdict.status,
        last_error: null,
        last_error_code: null,
        last_row_count: result.rows.length,
        alerting: verdict.alerting,
        failing_since: null,
      })
      .where('id', '=', schedule.id)
      .execute();
    return { ran: true, status: verdict.status, mailed };
  });
}

interface Outcome {
  readonly schedule: Schedule;
  readonly report: Report;
  readonly recipients: readonly StaffMember[];
  readonly result: RunResult;
  readonly verdict: Verdict;
  readonly file: ResultFile | null;
  readonly now: Date;
}

const CHECKS = { alert_when_rows: 'rows', alert_when_empty: 'empty', alert_when_change: 'change' } as const;

async function mailRecipients(trx: Db, ctx: ReportContext, o: Outcome): Promise<number> {
  const common = {
    report: { title: o.report.title || o.report.name, url: reportUrl(ctx, o.schedule, true) },
    run_at: `${wallTimeText(o.now, o.schedule.timeZone)} ${o.schedule.timeZone}`,
    file_name: o.file?.attachment.filename ?? '',
  };
  const attachments = o.file ? [o.file.attachment] : [];
  for (const user of o.recipients) {
    const to = { address: user.email, name: user.name };
    const name = user.name || user.email;
    if (o.schedule.kind === 'email') {
      const variables = {
        ...common,
        name,
        row_count: o.file?.rows ?? 0,
        truncated: o.file?.truncated ?? false,
      };
      await queueEmail(
        trx,
        { kind: reportResultEmail, locale: localeOf(user), to, variables, attachments },
        o.now,
      );
    } else {
      const variables = {
        ...common,
        name,
        check: CHECKS[o.schedule.kind],
        row_count: o.result.rows.length,
        previous_count: o.schedule.lastRowCount ?? 0,
        change_percent: o.verdict.changePercent ?? 0,
        threshold_percent: o.schedule.changePercent ?? 0,
        attached: o.file !== null,
      };
      await queueEmail(
        trx,
        { kind: reportAlertEmail, locale: localeOf(user), to, variables, attachments },
        o.now,
      );
    }
  }
  return o.recipients.length;
}

/** An error in words for the owner and the page: the domain's message and its details. */
function describeError(error: unknown): { code: string; message: string } {
  if (!(error instanceof DomainError)) {
    return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  }
  const details = Array.isArray(error.details)
    ? error.details
        .map((d: { field?: string; line?: number; message?: string }) =>
          [d.field ?? (d.line ? `line ${d.line}` : ''), d.message].filter(Boolean).join(' '),
        )
        .filter(Boolean)
    : [];
  return {
    code: error.code,
    message: details.length > 0 ? `${error.message} ${details.join('; ')}` : error.message,
  };
}

/** The report's owner: its creator while active; else (built-ins, a creator gone) every active admin. */
async function ownersOf(db: Db, reportName: string): Promise<StaffMember[]> {
  const creator = await db
    .selectFrom('reports')
    .innerJoin('users', 'users.id', 'reports.created_by')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.language'])
    .where('reports.name', '=', reportName)
    .where('users.disabled', '=', false)
    .execute();
  if (creator.length > 0) return creator;
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'language'])
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .orderBy('id')
    .execute();
}

/**
 * Records a failed run and tells the owner — on the first failure, and again when the error
 * changes (a schedule failing every minute the same way would otherwise flood them).
 */
async function recordFailure(
  ctx: ReportContext,
  schedule: Schedule,
  error: unknown,
  now: Date,
): Promise<ScheduleRunResult> {
  const failure = describeError(error);
  const tell = schedule.lastStatus !== 'failed' || schedule.lastError !== failure.message;
  const owners = tell ? await ownersOf(ctx.db, schedule.reportName) : [];
  const title =
    (await findReport(ctx.db, schedule.reportName).catch(() => null))?.title || schedule.reportName;
  return ctx.db.transaction().execute(async (trx) => {
    for (const owner of owners) {
      await queueEmail(
        trx,
        {
          kind: reportFailureEmail,
          locale: localeOf(owner),
          to: { address: owner.email, name: owner.name },
          variables: {
            name: owner.name || owner.email,
            report: { title, url: reportUrl(ctx, schedule, false) },
            error: failure.message,
            cron: schedule.cron,
            run_at: `${wallTimeText(now, schedule.timeZone)} ${schedule.timeZone}`,
          },
        },
        now,
      );
    }
    await trx
      .updateTable('report_schedules')
      .set((eb) => ({
        running_since: null,
        last_run_at: now,
        last_status: 'failed',
        last_error: failure.message.slice(0, 4000),
        last_error_code: failure.code,
        failing_since: eb.fn.coalesce('failing_since', eb.val(now)),
      }))
      .where('id', '=', schedule.id)
      .execute();
    return { ran: true, status: 'failed', mailed: owners.length };
  });
}
