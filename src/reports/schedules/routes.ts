import {
  ReportParams,
  type ScheduleBody,
  ScheduleBody as ScheduleBodySchema,
  ScheduleList,
  ScheduleParams,
  ScheduleRunView,
  type ScheduleView,
  ScheduleView as ScheduleViewSchema,
  type StaffMemberView,
} from '../../../common/api/reports.js';
import type { Db } from '../../db/index.js';
import { actorOf } from '../../http/request.js';
import type { App, AppDeps } from '../../http/types.js';
import { findReport } from '../store.js';
import { queueScheduleRun } from './due.js';
import type { Schedule, ScheduleInput } from './model.js';
import {
  createSchedule,
  deleteSchedule,
  findSchedule,
  listSchedules,
  staffWhoMayRun,
  updateSchedule,
} from './store.js';

const tags = ['reports'];
const admin = { access: ['admin'] as const };

function inputOf(body: ScheduleBody): ScheduleInput {
  return {
    cron: body.cron,
    timeZone: body.time_zone?.trim() || 'UTC',
    kind: body.kind,
    changePercent: body.change_percent ?? null,
    params: body.params ?? {},
    recipientIds: body.recipients,
    enabled: body.enabled ?? true,
  };
}

/** The recipients' names, disabled ones included (the page shows who a schedule names). */
async function membersById(db: Db, schedules: readonly Schedule[]): Promise<Map<number, StaffMemberView>> {
  const ids = [...new Set(schedules.flatMap((s) => s.recipientIds))];
  if (ids.length === 0) return new Map();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('id', 'in', ids)
    .execute();
  return new Map(users.map((u) => [u.id, u]));
}

function presentSchedule(s: Schedule, members: Map<number, StaffMemberView>): ScheduleView {
  return {
    id: s.id,
    report_name: s.reportName,
    cron: s.cron,
    time_zone: s.timeZone,
    kind: s.kind,
    change_percent: s.changePercent,
    params: s.params as ScheduleView['params'],
    recipients: s.recipientIds.flatMap((id) => members.get(id) ?? []),
    enabled: s.enabled,
    next_run_at: s.nextRunAt.toISOString(),
    last_run_at: s.lastRunAt?.toISOString() ?? null,
    last_status: s.lastStatus,
    last_error: s.lastError,
    last_row_count: s.lastRowCount,
    alerting: s.alerting,
    failing_since: s.failingSince?.toISOString() ?? null,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

async function present(db: Db, schedule: Schedule): Promise<ScheduleView> {
  return presentSchedule(schedule, await membersById(db, [schedule]));
}

/** Schedules and checks of a report (admins). */
export function scheduleRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/reports/:name/schedules',
    {
      config: admin,
      schema: {
        tags,
        summary: "A report's schedules and checks, and the staff who may receive it",
        params: ReportParams,
        response: { 200: ScheduleList },
      },
    },
    async (request) => {
      const report = await findReport(deps.db, request.params.name);
      const schedules = await listSchedules(deps.db, report.name);
      const members = await membersById(deps.db, schedules);
      const candidates = await staffWhoMayRun(deps.db, report);
      return {
        schedules: schedules.map((s) => presentSchedule(s, members)),
        candidates: candidates.map(({ id, name, email, role }) => ({ id, name, email, role })),
      };
    },
  );
  app.post(
    '/api/reports/:name/schedules',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Schedule a report (cron, recipients, e-mail or check); every problem at once',
        params: ReportParams,
        body: ScheduleBodySchema,
        response: { 201: ScheduleViewSchema },
      },
    },
    async (request, reply) => {
      const report = await findReport(deps.db, request.params.name);
      const input = inputOf(request.body);
      const schedule = await createSchedule(deps.db, report, input, actorOf(request).id, deps.now());
      return reply.code(201).send(await present(deps.db, schedule));
    },
  );
  changeRoutes(app, deps);
}

function changeRoutes(app: App, deps: AppDeps): void {
  app.put(
    '/api/reports/:name/schedules/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a schedule',
        params: ScheduleParams,
        body: ScheduleBodySchema,
        response: { 200: ScheduleViewSchema },
      },
    },
    async (request) => {
      const report = await findReport(deps.db, request.params.name);
      const input = inputOf(request.body);
      return present(deps.db, await updateSchedule(deps.db, report, request.params.id, input, deps.now()));
    },
  );
  app.delete(
    '/api/reports/:name/schedules/:id',
    { config: admin, schema: { tags, summary: 'Delete a schedule', params: ScheduleParams } },
    async (request, reply) => {
      await deleteSchedule(deps.db, request.params.name, request.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/reports/:name/schedules/:id/run',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Run a schedule now (queued for the worker; the outcome shows on the schedule)',
        params: ScheduleParams,
        response: { 202: ScheduleRunView },
      },
    },
    async (request, reply) => {
      const schedule = await findSchedule(deps.db, request.params.name, request.params.id);
      await queueScheduleRun(deps.db, schedule.id, true);
      return reply.code(202).send({ queued: true });
    },
  );
}
