import { describe, expect, it } from 'vitest';
import { type CheckState, changeBetween, judge } from './judge.js';

const state = (kind: CheckState['kind'], extra: Partial<CheckState> = {}): CheckState => ({
  kind,
  alerting: false,
  lastRowCount: null,
  threshold: null,
  ...extra,
});

describe('what a scheduled run means', () => {
  it('mails a result with rows and skips an empty one', () => {
    expect(judge(state('email'), 3)).toMatchObject({ status: 'sent', mail: 'result' });
    expect(judge(state('email'), 0)).toMatchObject({ status: 'empty', mail: null });
  });

  it('alerts once when rows appear, and again only after clearing', () => {
    const first = judge(state('alert_when_rows'), 2);
    expect(first).toMatchObject({ status: 'alert', mail: 'alert', alerting: true });
    expect(judge(state('alert_when_rows', { alerting: true }), 5)).toMatchObject({
      status: 'alerting',
      mail: null,
      alerting: true,
    });
    expect(judge(state('alert_when_rows', { alerting: true }), 0)).toMatchObject({
      status: 'ok',
      mail: null,
      alerting: false,
    });
  });

  it('alerts when a check that should return rows returns none', () => {
    expect(judge(state('alert_when_empty'), 0)).toMatchObject({ status: 'alert', mail: 'alert' });
    expect(judge(state('alert_when_empty', { alerting: true }), 0)).toMatchObject({ mail: null });
    expect(judge(state('alert_when_empty', { alerting: true }), 1)).toMatchObject({ status: 'ok' });
  });

  it('compares the row count with the previous run', () => {
    const change = (last: number | null, rows: number) =>
      judge(state('alert_when_change', { lastRowCount: last, threshold: 20 }), rows);
    expect(change(null, 10)).toMatchObject({ status: 'ok', mail: null, changePercent: null });
    expect(change(10, 12)).toMatchObject({ status: 'ok', changePercent: 20 });
    expect(change(10, 13)).toMatchObject({ status: 'alert', mail: 'alert', changePercent: 30 });
    expect(change(10, 7)).toMatchObject({ status: 'alert', changePercent: 30 });
    expect(change(0, 0)).toMatchObject({ status: 'ok', changePercent: 0 });
    expect(change(0, 1)).toMatchObject({ status: 'alert', changePercent: 100 });
    expect(changeBetween(3, 4)).toBe(33.3);
  });
});
