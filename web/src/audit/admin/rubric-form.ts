import type { RubricItem } from '../../../../common/api/audit.js';
import { RUBRIC_LIMITS } from '../../../../common/limits.js';
import { checkNumber, type Problem } from './problems.js';
import type { ServerProblem } from './server-errors.js';

/** One item being edited; `id` only keys the row in React (stable while rows move). */
export interface RubricRow {
  id: string;
  key: string;
  label: string;
  description: string;
  /** A number, or `''` while the input is empty. */
  weight: number | string;
  critical: boolean;
}

export type RowField = 'key' | 'label' | 'description' | 'weight' | 'critical';
export type RowProblems = Partial<Record<RowField, Problem>>;

export interface RubricProblems {
  /** Per row id. */
  rows: Record<string, RowProblems>;
  /** About the whole list (too few or too many items, or a server error naming no item). */
  list?: Problem;
}

let lastRowId = 0;
const nextRowId = () => `rubric-row-${++lastRowId}`;

export function toRows(items: readonly RubricItem[]): RubricRow[] {
  return items.map((item) => ({ ...item, id: nextRowId() }));
}

export function newRow(): RubricRow {
  return { id: nextRowId(), key: '', label: '', description: '', weight: 1, critical: false };
}

/** The rows as the API takes them (trimmed text, numeric weight). */
export function toItems(rows: readonly Omit<RubricRow, 'id'>[]): RubricItem[] {
  return rows.map((row) => ({
    key: row.key.trim(),
    label: row.label.trim(),
    description: row.description.trim(),
    weight: Number(row.weight),
    critical: row.critical,
  }));
}

/** Whether the rows say something else than `items` (order included). */
export function rowsChanged(rows: readonly RubricRow[], items: readonly RubricItem[]): boolean {
  return JSON.stringify(toItems(rows)) !== JSON.stringify(toItems(items));
}

/** Moves the row at `index` by `by` places (−1 up, +1 down); the same array when it cannot move. */
export function moveRow<T>(rows: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

const length = (text: string) => [...text].length;
const KEY_PATTERN = new RegExp(RUBRIC_LIMITS.keyPattern);

export function validateRows(rows: readonly RubricRow[]): RubricProblems {
  const problems: RubricProblems = { rows: {} };
  if (rows.length < RUBRIC_LIMITS.minItems) problems.list = { code: 'min', min: RUBRIC_LIMITS.minItems };
  if (rows.length > RUBRIC_LIMITS.maxItems) problems.list = { code: 'max', max: RUBRIC_LIMITS.maxItems };
  const seen = new Set<string>();
  for (const row of rows) {
    const found: RowProblems = {};
    const key = row.key.trim();
    if (key === '') found.key = { code: 'required' };
    else if (!KEY_PATTERN.test(key)) found.key = { code: 'keyPattern' };
    else if (seen.has(key)) found.key = { code: 'keyTaken' };
    seen.add(key);
    const label = row.label.trim();
    if (label === '') found.label = { code: 'required' };
    else if (length(label) > RUBRIC_LIMITS.labelMax)
      found.label = { code: 'tooLong', max: RUBRIC_LIMITS.labelMax };
    if (length(row.description.trim()) > RUBRIC_LIMITS.descriptionMax) {
      found.description = { code: 'tooLong', max: RUBRIC_LIMITS.descriptionMax };
    }
    const weight = checkNumber(row.weight, { ...RUBRIC_LIMITS.weight, integer: false });
    if (weight) found.weight = weight;
    if (Object.keys(found).length > 0) problems.rows[row.id] = found;
  }
  return problems;
}

export function hasProblems(problems: RubricProblems): boolean {
  return problems.list !== undefined || Object.keys(problems.rows).length > 0;
}

const ROW_FIELDS: readonly string[] = ['key', 'label', 'description', 'weight', 'critical'];

/**
 * Server errors put on the rows that were sent (`items/1/key` → the second row's key); whatever names
 * no row field goes to the list.
 */
export function serverRubricProblems(
  sent: readonly RubricRow[],
  found: readonly ServerProblem[],
): RubricProblems {
  const problems: RubricProblems = { rows: {} };
  for (const { path, message } of found) {
    const [list, index, field] = path;
    const row = list === 'items' && index !== undefined ? sent[Number(index)] : undefined;
    if (row && field !== undefined && ROW_FIELDS.includes(field)) {
      const rowProblems = problems.rows[row.id] ?? {};
      rowProblems[field as RowField] ??= { code: 'server', message };
      problems.rows[row.id] = rowProblems;
    } else {
      problems.list ??= { code: 'server', message };
    }
  }
  return problems;
}
