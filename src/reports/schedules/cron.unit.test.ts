import { describe, expect, it } from 'vitest';
import { checkCron, isTimeZone, nextRun, parseCron, wallTimeText } from './cron.js';

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
    expect(next('@DAILY', '2026-03-01T10:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(next(' 1/20 * * * * ', '2026-03-01T10:00:00Z')).toBe('2026-03-01T10:01:00.000Z');
    // croner's last day of the month and nth weekday.
    expect(next('0 0 L * *', '2026-02-01T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(next('0 9 * * mon#2', '2026-03-01T00:00:00Z')).toBe('2026-03-09T09:00:00.000Z');
  });

  it('runs on either day field when both are restricted (Vixie cron)', () => {
    // The 15th (a Sunday in March 2026) or any Monday: Monday the 2nd comes first.
    expect(next('0 9 15 * 1', '2026-03-01T10:00:00Z')).toBe('2026-03-02T09:00:00.000Z');
    // `*` in the day of the month: only Mondays.
    expect(next('0 9 * * 1', '2026-03-03T10:00:00Z')).toBe('2026-03-09T09:00:00.000Z');
    // Only a bare `*` leaves a day field out: `*/2` restricts it, so odd days or Mondays.
    expect(next('0 9 */2 * 1', '2026-03-01T10:00:00Z')).toBe('2026-03-02T09:00:00.000Z');
  });

  it('reads times in the schedule’s time zone', () => {
    expect(next('0 7 * * *', '2026-03-01T12:00:00Z', 'America/Sao_Paulo')).toBe('2026-03-02T10:00:00.000Z');
    expect(next('0 7 * * *', '2026-03-01T12:00:00Z', 'Mars/Olympus')).toBeNull();
  });

  it('keeps fixed times across clock changes and skips or repeats the others (Vixie cron)', () => {
    // Berlin moves to summer time on 29 March 2026: 02:30 does not exist that day, and a fixed
    // time runs when the gap ends (03:00 CEST), then at 02:30 again.
    expect(next('30 2 * * *', '2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
    expect(next('30 2 * * *', '2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-30T00:30:00.000Z');
    expect(next('30 2,14 * * *', '2026-03-28T14:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
    // …and leaves it on 25 October: 02:30 happens twice, and a fixed time runs once (the first).
    expect(next('30 2 * * *', '2026-10-24T12:00:00Z', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', '2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-26T01:30:00.000Z');
    // An hourly expression skips the hour that does not exist and runs in both passes of the repeated one.
    expect(next('30 * * * *', '2026-03-29T00:30:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(next('30 * * * *', '2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('writes wall-clock times in a time zone', () => {
    expect(wallTimeText(new Date('2026-03-02T10:05:00Z'), 'America/Sao_Paulo')).toBe('2026-03-02 07:05');
    expect(wallTimeText(new Date('2026-12-31T23:59:59Z'), 'UTC')).toBe('2026-12-31 23:59');
    expect(wallTimeText(new Date('2026-03-01T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-01 09:00');
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
    expect(parseCron('1-2-3 * * * 8')).toEqual({
      ok: false,
      problems: [
        { problem: 'cron_value', part: 'minute', value: '1-2-3' },
        { problem: 'cron_range', part: 'day_of_week', value: '8', min: 0, max: 7 },
      ],
    });
    expect(parseCron('* * 0 13 *')).toMatchObject({
      problems: [
        { problem: 'cron_range', part: 'day_of_month', value: '0', min: 1, max: 31 },
        { problem: 'cron_range', part: 'month', value: '13', min: 1, max: 12 },
      ],
    });
    expect(parseCron('*/61 * * * *')).toMatchObject({ problems: [{ problem: 'cron_step', part: 'minute' }] });
    expect(parseCron('0 0 * * * *')).toEqual({ ok: false, problems: [{ problem: 'cron_fields' }] });
    expect(parseCron('@reboot')).toEqual({ ok: false, problems: [{ problem: 'cron_fields' }] });
    expect(parseCron('@sometimes')).toEqual({ ok: false, problems: [{ problem: 'cron_fields' }] });
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
