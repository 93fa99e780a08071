import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import type { Reports } from '../db/types.js';
import { Conflict, isUniqueViolation, NotFound, Rejected } from '../errors.js';
import { builtinReport, builtinReports } from './builtins.js';
import type { Report } from './model.js';
import { checkBody } from './prepare.js';
import { guardStatement } from './runner/guard.js';

/** Saved reports (table `reports`) and the built-ins, one namespace of names. */

/** Names the API uses for its own paths under /api/reports/. */
const RESERVED = ['check', 'schema', 'sources', 'runs', 'new', 'ids'];

export interface ReportInput {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly body: string;
  readonly sourceId: number | null;
  readonly searchPath: string | null;
  readonly timeoutSeconds: number | null;
  readonly runRoles: readonly string[];
}

function fromRow(row: Selectable<Reports>): Report {
  return {
    name: row.name,
    title: row.title,
    description: row.description,
    body: row.body,
    sourceId: row.source_id,
    searchPath: row.search_path,
    timeoutSeconds: row.timeout_seconds,
    runRoles: row.run_roles,
    builtin: false,
    updatedAt: row.updated_at,
  };
}

export async function listReports(db: Db): Promise<Report[]> {
  const rows = await db.selectFrom('reports').selectAll().orderBy('name').execute();
  return [...builtinReports(), ...rows.map(fromRow)];
}

export async function findReport(db: Db, name: string): Promise<Report> {
  const builtin = builtinReport(name);
  if (builtin) return builtin;
  const row = await db.selectFrom('reports').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) throw new NotFound('Report');
  return fromRow(row);
}

/** Every problem of the SQL, by line, or the statement's refusal; nothing is saved with problems. */
export function validateBody(body: string): void {
  const { problems } = checkBody(body);
  if (problems.length > 0) throw new Rejected('report_invalid', 'The report has problems.', problems);
  const guard = guardStatement(body);
  if (!guard.ok) throw new Rejected('report_refused', guard.reason);
}

function columns(input: ReportInput) {
  return {
    title: input.title,
    description: input.description,
    body: input.body,
    source_id: input.sourceId,
    search_path: input.searchPath,
    timeout_seconds: input.timeoutSeconds,
    run_roles: [...input.runRoles],
  };
}

export async function createReport(db: Db, input: ReportInput, actorId: number | null): Promise<Report> {
  validateBody(input.body);
  if (builtinReport(input.name) || RESERVED.includes(input.name)) {
    throw new Conflict('A built-in report or a page has this name.', 'report_name_taken');
  }
  try {
    const row = await db
      .insertInto('reports')
      .values({ name: input.name, ...columns(input), created_by: actorId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict('A report with this name exists.', 'report_name_taken');
    throw error;
  }
}

export async function updateReport(db: Db, name: string, input: ReportInput, now: Date): Promise<Report> {
  if (builtinReport(name)) throw new Conflict('Built-in reports cannot be changed.', 'report_builtin');
  validateBody(input.body);
  if (builtinReport(input.name) || RESERVED.includes(input.name)) {
    throw new Conflict('A built-in report or a page has this name.', 'report_name_taken');
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('reports')
        .set({ name: input.name, ...columns(input), updated_at: now })
        .where('name', '=', name)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFound('Report');
      // Schedules name their report: a renamed report keeps them.
      if (input.name !== name)
        await trx
          .updateTable('report_schedules')
          .set({ report_name: input.name })
          .where('report_name', '=', name)
          .execute();
      return fromRow(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict('A report with this name exists.', 'report_name_taken');
    throw error;
  }
}

export async function deleteReport(db: Db, name: string): Promise<void> {
  if (builtinReport(name)) throw new Conflict('Built-in reports cannot be deleted.', 'report_builtin');
  await db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('reports').where('name', '=', name).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFound('Report');
    await trx.deleteFrom('report_schedules').where('report_name', '=', name).execute();
  });
}

/** Whether someone with `role` may run `report` (admins run every report). */
export function mayRun(report: Report, role: string): boolean {
  return role === 'admin' || report.runRoles.includes(role);
}
