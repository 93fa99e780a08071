import { parse } from 'csv-parse/sync';
import {
  SUPPORT_POINT_LIMITS,
  type SupportPointBody,
  type SupportPointProblem,
  type SupportPointProblemCode,
} from '../../../common/api/support-points.js';
import type { Db } from '../../db/index.js';
import { Invalid } from '../../errors.js';

/**
 * The CSV import of the support-point directory: all or nothing. Every problem of the file is
 * listed with its line (1 is the header) and column before anything is stored.
 *
 * Header (any order, English or Portuguese names): name, lat, lng required; category, address,
 * phone, notes, active optional. Numbers take a point or a comma as decimal mark; active takes
 * true/false, yes/no, sim/não, 1/0 (empty: active).
 */

type Field = keyof SupportPointBody;

const ALIASES: Record<string, Field> = {
  name: 'name',
  nome: 'name',
  category: 'category',
  categoria: 'category',
  address: 'address',
  endereco: 'address',
  phone: 'phone',
  telefone: 'phone',
  lat: 'lat',
  latitude: 'lat',
  lng: 'lng',
  lon: 'lng',
  long: 'lng',
  longitude: 'lng',
  notes: 'notes',
  observacoes: 'notes',
  notas: 'notes',
  active: 'active',
  ativo: 'active',
};

const REQUIRED: readonly Field[] = ['name', 'lat', 'lng'];
const TEXT_LIMITS = {
  name: SUPPORT_POINT_LIMITS.name,
  category: SUPPORT_POINT_LIMITS.category,
  address: SUPPORT_POINT_LIMITS.address,
  phone: SUPPORT_POINT_LIMITS.phone,
  notes: SUPPORT_POINT_LIMITS.notes,
} as const;
const RANGES = { lat: [-90, 90], lng: [-180, 180] } as const;
const TRUE = new Set(['true', 'yes', 'sim', '1', 'y', 's', '']);
const FALSE = new Set(['false', 'no', 'nao', 'não', '0', 'n']);

const REASONS: Record<SupportPointProblemCode, string> = {
  unreadable_csv: 'The file cannot be read as CSV: {detail}',
  empty_file: 'The file is empty.',
  too_many_rows: 'More than {max} points.',
  duplicate_column: 'This column is named twice.',
  unknown_column: 'Unknown column.',
  missing_column: 'This column is required.',
  field_count: '{fields} fields where the header has {width}.',
  missing_value: 'A value is required.',
  too_long: 'Longer than {max} characters.',
  not_number: 'Not a number.',
  out_of_range: 'Not between {min} and {max}.',
  not_boolean: 'Not yes or no.',
};

function problem(
  line: number,
  column: string | null,
  code: SupportPointProblemCode,
  params: Record<string, string | number> = {},
): SupportPointProblem {
  const reason = REASONS[code].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  return { line, column, code, params, reason };
}

export interface ReadCsv {
  readonly points: SupportPointBody[];
  readonly problems: SupportPointProblem[];
}

interface Row {
  readonly line: number;
  readonly values: string[];
}

function splitCsv(text: string): Row[] | SupportPointProblem {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = (parse as (input: string, options: object) => typeof records)(text, {
      info: true,
      relax_column_count: true,
      bom: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 1;
    return problem(lines, null, 'unreadable_csv', { detail: (error as Error).message });
  }
  let end = 0;
  let empty = 0;
  return records.map(({ record, info }) => {
    // The record starts after the previous one and the blank lines skipped since.
    const line = end + 1 + (info.empty_lines - empty);
    end = info.lines;
    empty = info.empty_lines;
    return { line, values: record };
  });
}

function readHeader(header: Row, problems: SupportPointProblem[]): (Field | null)[] {
  const seen = new Set<Field>();
  const fields = header.values.map((raw) => {
    const key = raw
      .trim()
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    const field = ALIASES[key] ?? null;
    if (field === null) problems.push(problem(header.line, raw, 'unknown_column'));
    else if (seen.has(field)) problems.push(problem(header.line, raw, 'duplicate_column'));
    else seen.add(field);
    return field;
  });
  for (const field of REQUIRED)
    if (!seen.has(field)) problems.push(problem(header.line, field, 'missing_column'));
  return fields;
}

function readNumber(
  raw: string,
  field: 'lat' | 'lng',
  at: (code: SupportPointProblemCode, p?: Record<string, number>) => void,
) {
  const text = raw.trim().replace(',', '.');
  if (text === '') return at('missing_value');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return at('not_number');
  const value = Number(text);
  const [min, max] = RANGES[field];
  if (value < min || value > max) return at('out_of_range', { min, max });
  return value;
}

function readRow(row: Row, fields: (Field | null)[], header: Row, problems: SupportPointProblem[]) {
  if (row.values.length !== fields.length) {
    problems.push(
      problem(row.line, null, 'field_count', { fields: row.values.length, width: fields.length }),
    );
    return null;
  }
  const point: SupportPointBody = {
    name: '',
    category: '',
    address: '',
    phone: '',
    lat: 0,
    lng: 0,
    notes: '',
    active: true,
  };
  const before = problems.length;
  fields.forEach((field, i) => {
    if (field === null) return;
    const raw = row.values[i] ?? '';
    const column = header.values[i] ?? field;
    const at = (code: SupportPointProblemCode, params?: Record<string, number>) => {
      problems.push(problem(row.line, column, code, params));
      return undefined;
    };
    if (field === 'lat' || field === 'lng') {
      const value = readNumber(raw, field, at);
      if (value !== undefined) point[field] = value;
    } else if (field === 'active') {
      const text = raw.trim().toLowerCase();
      if (TRUE.has(text)) point.active = true;
      else if (FALSE.has(text)) point.active = false;
      else at('not_boolean');
    } else {
      const text = raw.trim();
      if (field === 'name' && text === '') at('missing_value');
      else if (text.length > TEXT_LIMITS[field]) at('too_long', { max: TEXT_LIMITS[field] });
      else point[field] = text;
    }
  });
  return problems.length === before ? point : null;
}

/** The points of a CSV file, or every problem it has. */
export function readSupportPointsCsv(text: string): ReadCsv {
  const rows = splitCsv(text);
  if (!Array.isArray(rows)) return { points: [], problems: [rows] };
  const [header, ...body] = rows;
  if (!header) return { points: [], problems: [problem(1, null, 'empty_file')] };
  const problems: SupportPointProblem[] = [];
  if (body.length > SUPPORT_POINT_LIMITS.importRows) {
    return {
      points: [],
      problems: [problem(1, null, 'too_many_rows', { max: SUPPORT_POINT_LIMITS.importRows })],
    };
  }
  const fields = readHeader(header, problems);
  if (problems.length > 0) return { points: [], problems };
  const points: SupportPointBody[] = [];
  for (const row of body) {
    const point = readRow(row, fields, header, problems);
    if (point) points.push(point);
  }
  return { points: problems.length > 0 ? [] : points, problems };
}

const BATCH = 1000;

/** Imports the file in one transaction, or refuses it whole (`support_points_import_rejected`). */
export async function importSupportPoints(
  db: Db,
  input: { csv: string; replace?: boolean | undefined },
  now: Date,
): Promise<{ imported: number; removed: number }> {
  const read = readSupportPointsCsv(input.csv);
  if (read.problems.length > 0) {
    throw new Invalid(
      `The file has ${read.problems.length} problem(s); nothing was imported.`,
      { problems: read.problems },
      'support_points_import_rejected',
    );
  }
  return db.transaction().execute(async (trx) => {
    const removed = input.replace
      ? Number((await trx.deleteFrom('support_points').executeTakeFirst()).numDeletedRows)
      : 0;
    for (let i = 0; i < read.points.length; i += BATCH) {
      const values = read.points.slice(i, i + BATCH).map((p) => ({ ...p, created_at: now, updated_at: now }));
      await trx.insertInto('support_points').values(values).execute();
    }
    return { imported: read.points.length, removed };
  });
}
