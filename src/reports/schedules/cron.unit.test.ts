import { describe, expect, it } from 'vitest';
import { checkCron, isTimeZone, nextRun, parseCron } from './cron.js';

function next(expression: string, after: string, timeZone = 'UTC'): string | null {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return nextRun(parsed.cron, new Date(after), timeZone)?.toISOString() ?? null;
}

describe('cron expressions', () => {
  it('finds the next time of the usual forms', () => {
    expect(next('* * * * *', '2026-03-01T10:00:30Z')).toBe('2026-03-01T10:01:00.000Z');
    expect(next('*/15 * * * *', '2026-03-01T10:00:00Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('0 7 * * *', '2026-03-01T07:00:00Z')).toBe('2026-03-02T07:00:00.000Z');
    expect(next('30 8 * * mon-fri', '2026-03-06T09:00:00Z')).toBe('2026-03-09T08:30:00.000Z');
    expect(next('0 0 1 jan,jul *', '2026-03-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z');
    expect(next('5 4 * * 7', '2026-03-01T05:00:00Z')).toBe('2026-03-08T04:05:00.000Z');
    expect(next('@weekly', '2026-03-04T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z');
    expect(next('0 12 10-20/5 * *', '2026-03-16T00:00:00Z')).toBe('2026-03-20T12:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('runs on either day field when both are restricted (Vixie cron)', () => {
    // The 15th (a Sunday in March 2026) or any Monday: Monday the 2nd comes first.
    expect(next('0 9 15 * 1', '2026-03-01T10:00:00Z')).toBe('2026-03-02T09:00:00.000Z');
    // `*` in the day of the month: only Mondays.
    expect(next('0 9 * * 1', '2026-03-03T10:00:00Z')).toBe('2026-03-09T09:00:00.000Z');
  });

  it('reads times in the schedule’s time zone', () => {
    expect(next('0 7 * * *', '2026-03-01T12:00:00Z', 'America/Sao_Paulo')).toBe('2026-03-02T10:00:00.000Z');
    // Berlin moves to summer time on 29 March 2026: 02:30 does not exist that day.
    expect(next('30 2 * * *', '2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-30T00:30:00.000Z');
    // …and leaves it on 25 October: 02:30 happens twice, and runs once (the first).
    expect(next('30 2 * * *', '2026-10-24T12:00:00Z', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', '2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('names every field at fault', () => {
    expect(parseCron('61 25 * * *')).toEqual({
      ok: false,
      problems: [
        { problem: 'cron_range', part: 'minute', value: '61', min: 0, max: 59 },
        { problem: 'cron_range', part: 'hour', value: '25', min: 0, max: 23 },
      ],
    });
    expect(parseCron('* * * *')).toEqual({ ok: false, problems: [{ problem: 'cron_fields' }] });
    expect(parseCron('')).toEqual({ ok: false, problems: [{ problem: 'cron_fields' }] });
    expect(parseCron('* * * foo *')).toMatchObject({ problems: [{ problem: 'cron_value', part: 'month' }] });
    expect(parseCron('*/0 * * * *')).toMatchObject({ problems: [{ problem: 'cron_step', part: 'minute' }] });
    expect(parseCron('* 5-2 * * *')).toMatchObject({ problems: [{ problem: 'cron_range', part: 'hour' }] });
    expect(checkCron('0 0 31 2 *', 'UTC', new Date())).toEqual({
      ok: false,
      problems: [{ problem: 'cron_never' }],
    });
  });

  it('knows the time zones of the runtime', () => {
    expect(isTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
