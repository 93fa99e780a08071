import type { ScheduleKind, ScheduleStatus } from '../../../common/api/reports.js';

export type { ScheduleKind, ScheduleStatus };

/** What an admin sets on a schedule. */
export interface ScheduleInput {
  readonly cron: string;
  readonly timeZone: string;
  readonly kind: ScheduleKind;
  readonly changePercent: number | null;
  /** Parameter values as given (text or JSON values), read against the report's header at each run. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly recipientIds: readonly number[];
  readonly enabled: boolean;
}

/** A schedule as stored (table `report_schedules`, recipients from `report_schedule_recipients`). */
export interface Schedule extends ScheduleInput {
  readonly id: number;
  readonly reportName: string;
  readonly nextRunAt: Date;
  readonly lastRunAt: Date | null;
  readonly lastStatus: ScheduleStatus | null;
  readonly lastError: string | null;
  readonly lastErrorCode: string | null;
  readonly lastRowCount: number | null;
  readonly alerting: boolean;
  readonly failingSince: Date | null;
  readonly createdBy: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One problem of a schedule being saved, naming its field (`cron`, `params.start_date`…). */
export interface ScheduleProblem {
  readonly field: string;
  readonly problem: string;
  readonly part?: string;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
  /** The parameter parser's words (English), for `params.*`. */
  readonly message?: string;
  readonly user_id?: number;
}

/** The graphile-worker tasks of schedules (src/jobs/tasks.ts). */
export const DUE_TASK = 'report_schedules_due';
export const RUN_TASK = 'report_schedule_run';
