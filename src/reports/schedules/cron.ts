/**
 * Cron expressions of report schedules: the five fields of crontab(5) — minute, hour, day of
 * month, month, day of week — with `*`, lists, ranges, steps, month and day names, and the
 * `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly` shorthands. As in Vixie cron, when both
 * day fields are restricted a day matching either runs. Times are read in the schedule's time
 * zone; a time a clock change skips does not run that day, one it repeats runs once.
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

export interface Cron {
  readonly minute: ReadonlySet<number>;
  readonly hour: ReadonlySet<number>;
  readonly dayOfMonth: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is read as Sunday). */
  readonly dayOfWeek: ReadonlySet<number>;
  /** Whether each day field was given as `*…` (Vixie: then only the other one restricts days). */
  readonly anyDayOfMonth: boolean;
  readonly anyDayOfWeek: boolean;
}

const BOUNDS: Record<CronPart, { min: number; max: number; names?: readonly string[] }> = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  day_of_month: { min: 1, max: 31 },
  month: {
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  day_of_week: { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
};

const SHORTHANDS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

type FieldResult = { ok: true; values: Set<number> } | { ok: false; problem: CronProblem };

function readNumber(part: CronPart, text: string): number | null {
  const { min, names } = BOUNDS[part];
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + min : null;
}

/** One comma-separated item: `*`, `n`, `a-b`, each optionally `/step`. */
function readItem(part: CronPart, item: string, into: Set<number>): CronProblem | null {
  const { min, max } = BOUNDS[part];
  const [range = '', step, extra] = item.split('/');
  if (extra !== undefined) return { problem: 'cron_value', part, value: item };
  let every = 1;
  if (step !== undefined) {
    every = /^\d{1,2}$/.test(step) ? Number(step) : 0;
    if (every < 1 || every > max) return { problem: 'cron_step', part, value: item, min: 1, max };
  }
  let from = min;
  let to = max;
  if (range !== '*') {
    const [a = '', b, more] = range.split('-');
    const first = readNumber(part, a);
    const last = b === undefined ? (step === undefined ? first : max) : readNumber(part, b);
    if (first === null || last === null || more !== undefined)
      return { problem: 'cron_value', part, value: item };
    if (first < min || last > max || first > last)
      return { problem: 'cron_range', part, value: item, min, max };
    from = first;
    to = last;
  }
  for (let n = from; n <= to; n += every) into.add(part === 'day_of_week' && n === 7 ? 0 : n);
  return null;
}

function readField(part: CronPart, text: string): FieldResult {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const problem = readItem(part, item, values);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, values };
}

export type CronParse = { ok: true; cron: Cron } | { ok: false; problems: CronProblem[] };

/** Parses an expression, listing a problem for every field at fault. */
export function parseCron(expression: string): CronParse {
  const trimmed = expression.trim();
  const text = SHORTHANDS[trimmed.toLowerCase()] ?? trimmed;
  const fields = text.split(/\s+/);
  if (fields.length !== 5 || text === '') return { ok: false, problems: [{ problem: 'cron_fields' }] };
  const problems: CronProblem[] = [];
  const sets = CRON_PARTS.map((part, i) => {
    const read = readField(part, fields[i]!);
    if (read.ok) return read.values;
    problems.push(read.problem);
    return new Set<number>();
  });
  if (problems.length > 0) return { ok: false, problems };
  const [minute, hour, dayOfMonth, month, dayOfWeek] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  const cron: Cron = {
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    anyDayOfMonth: fields[2]!.startsWith('*'),
    anyDayOfWeek: fields[4]!.startsWith('*'),
  };
  return { ok: true, cron };
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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a time zone, as the UTC milliseconds of that wall time. */
function wallOf(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute);
}

/**
 * The instant a wall-clock time happens in a time zone: the earlier one when a clock change
 * repeats it, null when a clock change skips it.
 */
function instantOf(wall: number, timeZone: string): number | null {
  const offsetAround = (t: number) => wallOf(t, timeZone) - t;
  const day = 36 * 3_600_000;
  const candidates = [wall - offsetAround(wall - day), wall - offsetAround(wall + day)];
  const valid = candidates.filter((t) => wallOf(t, timeZone) === wall);
  return valid.length > 0 ? Math.min(...valid) : null;
}

function dayMatches(cron: Cron, date: Date): boolean {
  const dom = cron.dayOfMonth.has(date.getUTCDate());
  const dow = cron.dayOfWeek.has(date.getUTCDay());
  if (cron.anyDayOfMonth || cron.anyDayOfWeek) return dom && dow;
  return dom || dow;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Farther than any expression's gap between runs (29 February on a given weekday aside). */
const HORIZON_YEARS = 8;

/** The first time the expression names strictly after `after`, in `timeZone`; null if none within years. */
export function nextRun(cron: Cron, after: Date, timeZone: string): Date | null {
  const startWall = wallOf(after.getTime(), timeZone);
  const limit = startWall + HORIZON_YEARS * 366 * 24 * HOUR;
  let w = Math.floor(startWall / MINUTE) * MINUTE + MINUTE;
  while (w <= limit) {
    const d = new Date(w);
    if (!cron.month.has(d.getUTCMonth() + 1)) {
      w = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else if (!dayMatches(cron, d)) {
      w = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!cron.hour.has(d.getUTCHours())) {
      w = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!cron.minute.has(d.getUTCMinutes())) {
      w += MINUTE;
    } else {
      const instant = instantOf(w, timeZone);
      if (instant !== null && instant > after.getTime()) return new Date(instant);
      w += MINUTE;
    }
  }
  return null;
}

/** Parses and checks that the expression ever runs; every problem at once. */
export function checkCron(expression: string, timeZone: string, now: Date): CronParse {
  const parsed = parseCron(expression);
  if (!parsed.ok) return parsed;
  if (nextRun(parsed.cron, now, timeZone) === null)
    return { ok: false, problems: [{ problem: 'cron_never' }] };
  return parsed;
}

/** `2026-03-02 07:00` in a time zone (mails say when a schedule ran, as its cron reads). */
export function wallTimeText(instant: Date, timeZone: string): string {
  return new Date(wallOf(instant.getTime(), timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}
