import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { ReportSchedules } from '../../db/types.js';
import { Invalid, NotFound } from '../../errors.js';
import { resolveIds } from '../ids.js';
import type { Report } from '../model.js';
import { checkBody, readParams } from '../prepare.js';
import { checkCron, isTimeZone, nextRun, parseCron } from './cron.js';
import type { Schedule, ScheduleInput, ScheduleKind, ScheduleProblem, ScheduleStatus } from './model.js';

/** Report schedules (tables `report_schedules`, `report_schedule_recipients`): saved checked, every problem at once. */

type Row = Selectable<ReportSchedules> & { recipient_ids: number[] };

function fromRow(row: Row): Schedule {
  return {
    id: row.id,
    reportName: row.report_name,
    cron: row.cron,
    timeZone: row.time_zone,
    kind: row.kind as ScheduleKind,
    changePercent: row.change_percent,
    params: (row.params ?? {}) as Record<string, unknown>,
    recipientIds: row.recipient_ids,
    enabled: row.enabled,
    nextRunAt: row.next_run_at,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status as ScheduleStatus | null,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    lastRowCount: row.last_row_count,
    alerting: row.alerting,
    failingSince: row.failing_since,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectSchedules(db: Db) {
  return db
    .selectFrom('report_schedules')
    .selectAll()
    .select(
      sql<number[]>`array(select r.user_id from report_schedule_recipients r
                           where r.schedule_id = report_schedules.id order by r.user_id)`.as('recipient_ids'),
    );
}

export async function listSchedules(db: Db, reportName: string): Promise<Schedule[]> {
  const rows = await selectSchedules(db).where('report_name', '=', reportName).orderBy('id').execute();
  return rows.map(fromRow);
}

export async function findSchedule(db: Db, reportName: string, id: number): Promise<Schedule> {
  const row = await selectSchedules(db)
    .where('report_name', '=', reportName)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFound('Schedule', 'report_schedule_not_found');
  return fromRow(row);
}

export async function findScheduleById(db: Db, id: number): Promise<Schedule | null> {
  const row = await selectSchedules(db).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export interface StaffMember {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly language: string;
}

/** Active staff who may run the report: admins and the roles it is granted to. */
export async function staffWhoMayRun(
  db: Db,
  report: Report,
  ids?: readonly number[],
): Promise<StaffMember[]> {
  if (ids?.length === 0) return [];
  let query = db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'language'])
    .where('disabled', '=', false)
    .where('role', 'in', ['admin', ...report.runRoles] as ('admin' | 'moderator' | 'auditor')[])
    .orderBy('name')
    .orderBy('id');
  if (ids) query = query.where('id', 'in', [...ids]);
  return query.execute();
}

function cronProblems(input: ScheduleInput, now: Date): ScheduleProblem[] {
  if (!isTimeZone(input.timeZone))
    return [{ field: 'time_zone', problem: 'time_zone_unknown', value: input.timeZone }];
  const checked = checkCron(input.cron, input.timeZone, now);
  return checked.ok ? [] : checked.problems.map((p) => ({ field: 'cron', ...p }));
}

async function paramProblems(db: Db, report: Report, input: ScheduleInput): Promise<ScheduleProblem[]> {
  const { decls } = checkBody(report.body);
  const read = readParams(decls, input.params);
  const problems = read.ok
    ? report.sourceId === null
      ? await resolveIds(db, decls, read.values)
      : []
    : read.problems;
  return problems.map((p) => ({ field: `params.${p.field}`, problem: 'param', message: p.message }));
}

async function recipientProblems(db: Db, report: Report, input: ScheduleInput): Promise<ScheduleProblem[]> {
  const allowed = new Set((await staffWhoMayRun(db, report, input.recipientIds)).map((u) => u.id));
  return input.recipientIds.flatMap((id, i) =>
    allowed.has(id) ? [] : [{ field: `recipients.${i}`, problem: 'recipient_not_allowed', user_id: id }],
  );
}

/**
 * Checks a schedule against its report (cron, time zone, parameters by the report's header,
 * recipients who may run it); throws `report_schedule_invalid` listing every problem. Answers
 * when it runs first.
 */
export async function checkSchedule(db: Db, report: Report, input: ScheduleInput, now: Date): Promise<Date> {
  const problems = [
    ...cronProblems(input, now),
    ...(input.kind === 'alert_when_change' && input.changePercent === null
      ? [{ field: 'change_percent', problem: 'change_percent_required' }]
      : []),
    ...(await paramProblems(db, report, input)),
    ...(await recipientProblems(db, report, input)),
  ];
  if (problems.length > 0)
    throw new Invalid('The schedule has problems.', problems, 'report_schedule_invalid');
  const parsed = parseCron(input.cron);
  return parsed.ok ? (nextRun(parsed.cron, now, input.timeZone) ?? now) : now;
}

function columns(input: ScheduleInput, nextRunAt: Date) {
  return {
    cron: input.cron.trim(),
    time_zone: input.timeZone,
    kind: input.kind,
    change_percent: input.kind === 'alert_when_change' ? input.changePercent : null,
    params: JSON.stringify(input.params),
    enabled: input.enabled,
    next_run_at: nextRunAt,
  };
}

async function setRecipients(db: Db, scheduleId: number, ids: readonly number[]): Promise<void> {
  await db.deleteFrom('report_schedule_recipients').where('schedule_id', '=', scheduleId).execute();
  const unique = [...new Set(ids)];
  if (unique.length > 0)
    await db
      .insertInto('report_schedule_recipients')
      .values(unique.map((user_id) => ({ schedule_id: scheduleId, user_id })))
      .execute();
}

export async function createSchedule(
  db: Db,
  report: Report,
  input: ScheduleInput,
  actorId: number | null,
  now: Date,
): Promise<Schedule> {
  const nextRunAt = await checkSchedule(db, report, input, now);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('report_schedules')
      .values({ report_name: report.name, ...columns(input, nextRunAt), created_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setRecipients(trx, row.id, input.recipientIds);
    return row.id;
  });
  return findSchedule(db, report.name, id);
}

/** The same values, whatever the order of the keys (jsonb keeps its own). */
function sameParams(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const canonical = (o: Readonly<Record<string, unknown>>) =>
    JSON.stringify(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  return canonical(a) === canonical(b);
}

/**
 * Changes a schedule. A check whose kind, threshold or parameters change starts afresh: its
 * alert state and baseline measured something else.
 */
export async function updateSchedule(
  db: Db,
  report: Report,
  id: number,
  input: ScheduleInput,
  now: Date,
): Promise<Schedule> {
  const before = await findSchedule(db, report.name, id);
  const nextRunAt = await checkSchedule(db, report, input, now);
  const measuresTheSame =
    before.kind === input.kind &&
    before.changePercent === (input.kind === 'alert_when_change' ? input.changePercent : null) &&
    sameParams(before.params, input.params);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('report_schedules')
      .set({
        ...columns(input, nextRunAt),
        updated_at: now,
        ...(measuresTheSame ? {} : { alerting: false, last_row_count: null }),
      })
      .where('id', '=', id)
      .execute();
    await setRecipients(trx, id, input.recipientIds);
  });
  return findSchedule(db, report.name, id);
}

export async function deleteSchedule(db: Db, reportName: string, id: number): Promise<void> {
  const result = await db
    .deleteFrom('report_schedules')
    .where('report_name', '=', reportName)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFound('Schedule', 'report_schedule_not_found');
}
