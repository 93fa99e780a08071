import type { ScheduleKind, ScheduleStatus } from './model.js';

/**
 * What a scheduled run that succeeded means (pure): the status recorded, the mail sent, the
 * check's new state. Checks mail only when they start alerting, not again until they clear;
 * alert_when_change compares the row count with the previous run that did not fail.
 */
export interface Verdict {
  readonly status: Exclude<ScheduleStatus, 'failed'>;
  readonly mail: 'result' | 'alert' | null;
  readonly alerting: boolean;
  /** alert_when_change: the change from the previous run, in % (null: no previous run). */
  readonly changePercent: number | null;
}

export interface CheckState {
  readonly kind: ScheduleKind;
  readonly alerting: boolean;
  /** The previous successful run's row count; null before the first. */
  readonly lastRowCount: number | null;
  readonly threshold: number | null;
}

/** The change between two counts in %, one decimal; from 0 it is counted against 1 row. */
export function changeBetween(previous: number, current: number): number {
  return Math.round((Math.abs(current - previous) / Math.max(previous, 1)) * 1000) / 10;
}

function stateCheck(holds: boolean, wasAlerting: boolean): Verdict {
  if (!holds) return { status: 'ok', mail: null, alerting: false, changePercent: null };
  if (wasAlerting) return { status: 'alerting', mail: null, alerting: true, changePercent: null };
  return { status: 'alert', mail: 'alert', alerting: true, changePercent: null };
}

export function judge(state: CheckState, rows: number): Verdict {
  switch (state.kind) {
    case 'email':
      return rows > 0
        ? { status: 'sent', mail: 'result', alerting: false, changePercent: null }
        : { status: 'empty', mail: null, alerting: false, changePercent: null };
    case 'alert_when_rows':
      return stateCheck(rows > 0, state.alerting);
    case 'alert_when_empty':
      return stateCheck(rows === 0, state.alerting);
    case 'alert_when_change': {
      if (state.lastRowCount === null)
        return { status: 'ok', mail: null, alerting: false, changePercent: null };
      const change = changeBetween(state.lastRowCount, rows);
      const over = change > (state.threshold ?? Number.POSITIVE_INFINITY);
      return {
        status: over ? 'alert' : 'ok',
        mail: over ? 'alert' : null,
        alerting: over,
        changePercent: change,
      };
    }
  }
}
