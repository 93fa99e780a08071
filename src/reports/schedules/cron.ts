import { Cron as Croner, type CronOptions } from 'croner';

/**
 * Cron expressions of report schedules, read and followed by croner: the five fields of
 * crontab(5) — minute, hour, day of month, month, day of week — with `*`, lists, ranges, steps,
 * month and day names, croner's `L`, `W` and `#`, and the `@hourly`, `@daily`, `@weekly`,
 * `@monthly`, `@yearly` shorthands. As in Vixie cron, when both day fields are restricted a day
 * matching either runs. Times are read in the schedule's time zone; docs/reports.md says what a
 * clock change does.
 */

export const CRON_PARTS = ['minute', 'hour', 'day_of_month', 'month', 'day_of_week'] as const;
export type CronPart = (typeof CRON_PARTS)[number];

/** Why an expression was refused, per field: `apiErrors`-style codes the UI translates. */
export type CronProblemCode = 'cron_fields' | 'cron_value' | 'cron_range' | 'cron_step' | 'cron_never';

export interface CronProblem {
  readonly problem: CronProblemCode;
  /** The field at fault; absent for the whole expression. */
  readonly part?: CronPart;
  readonly value?: string;
  readonly min?: number;
  readonly max?: number;
}

/** An expression croner accepted, ready for `nextRun`. */
export interface Cron {
  readonly expression: string;
}

/**
 * Five fields only (no seconds or years); day of month OR day of week as in Vixie cron; a time
 * without `*` or a step in the minute and hour is a fixed time across clock changes (Vixie's
 * rule); `1/5` is read as from 1 every 5, as crontab(5) implementations do.
 */
const OPTIONS: CronOptions = {
  mode: '5-part',
  domAndDow: false,
  fixedTimeRule: 'no-wildcard',
  sloppyRanges: true,
};

const BOUNDS: Record<CronPart, { min: number; max: number }> = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  day_of_month: { min: 1, max: 31 },
  month: { min: 1, max: 12 },
  day_of_week: { min: 0, max: 7 },
};

/** Read expressions by time zone and text: reading one costs more than finding its next time. */
const read = new Map<string, Croner>();
const READ_KEPT = 2000;

/**
 * Croner's reading of an expression (in a time zone); throws croner's error when it refuses it.
 * UTC as an offset of 0: the same times, without croner's time zone conversions.
 */
function croner(expression: string, timeZone?: string): Croner {
  const key = `${timeZone ?? ''}\n${expression}`;
  let cron = read.get(key);
  if (!cron) {
    const zone = timeZone === undefined ? {} : timeZone === 'UTC' ? { utcOffset: 0 } : { timezone: timeZone };
    cron = new Croner(expression, { ...OPTIONS, ...zone });
    if (read.size >= READ_KEPT) read.clear();
    read.set(key, cron);
  }
  return cron;
}

/** Which problem croner's message describes (its messages are its only detail). */
function problemOf(error: unknown): 'cron_value' | 'cron_range' | 'cron_step' {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof RangeError || /larger than to value/i.test(message)) return 'cron_range';
  if (/stepping|steps/i.test(message)) return 'cron_step';
  return 'cron_value';
}

/** The problem of one field: croner reads it with `*` in every other field. */
function fieldProblem(fields: readonly string[], index: number): CronProblem | null {
  const part = CRON_PARTS[index]!;
  const value = fields[index]!;
  try {
    croner(fields.map((f, i) => (i === index ? f : '*')).join(' '));
    return null;
  } catch (error) {
    const problem = problemOf(error);
    const { min, max } = BOUNDS[part];
    if (problem === 'cron_range') return { problem, part, value, min, max };
    if (problem === 'cron_step') return { problem, part, value, min: 1, max };
    return { problem, part, value };
  }
}

function problemsOf(text: string, error: unknown): CronProblem[] {
  const fields = text.split(/\s+/);
  if (text === '' || text.startsWith('@') || fields.length !== CRON_PARTS.length)
    return [{ problem: 'cron_fields' }];
  const problems = fields.flatMap((_, i) => fieldProblem(fields, i) ?? []);
  return problems.length > 0 ? problems : [{ problem: problemOf(error), value: text }];
}

export type CronParse = { ok: true; cron: Cron } | { ok: false; problems: CronProblem[] };

/** Parses an expression, listing a problem for every field at fault. */
export function parseCron(expression: string): CronParse {
  const text = expression.trim();
  try {
    croner(text);
    return { ok: true, cron: { expression: text } };
  } catch (error) {
    return { ok: false, problems: problemsOf(text, error) };
  }
}

/** Whether a time zone name is one this runtime knows (IANA, e.g. `America/Sao_Paulo`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/**
 * The first time the expression names strictly after `after`, in `timeZone`; null if it never
 * comes round (croner looks as far as the year 9999) or the time zone is not known any more.
 */
export function nextRun(cron: Cron, after: Date, timeZone: string): Date | null {
  try {
    return croner(cron.expression, timeZone).nextRun(after);
  } catch (error) {
    if (isTimeZone(timeZone)) throw error;
    return null;
  }
}

/** Parses and checks that the expression ever runs; every problem at once. */
export function checkCron(expression: string, timeZone: string, now: Date): CronParse {
  const parsed = parseCron(expression);
  if (!parsed.ok) return parsed;
  if (nextRun(parsed.cron, now, timeZone) === null)
    return { ok: false, problems: [{ problem: 'cron_never' }] };
  return parsed;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    wallFormats.set(timeZone, format);
  }
  return format;
}

/** `2026-03-02 07:00` in a time zone (mails say when a schedule ran, as its cron reads). */
export function wallTimeText(instant: Date, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of wallFormat(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
