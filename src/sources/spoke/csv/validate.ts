import { sql } from 'kysely';
import type { Session } from '../../../conversations/index.js';
import { type ErrorList, MAX_LISTED_ERRORS, shorten } from './errors.js';
import type { FileFields } from './fields.js';
import { linesOf } from './raw.js';

/**
 * Checks every value of a raw file against its layout (missing values, booleans, dates, phone
 * numbers) in one scan; lists the first bad rows with their line, column, code and reason, and counts
 * all the problems and the rows they are on. Run when staging a file failed (the readers throw on
 * the first bad value) or another file (or rows of this one) could not be read at all.
 */
export async function validateFile(
  session: Session,
  file: string,
  fields: FileFields,
  errors: ErrorList,
): Promise<void> {
  const checks = fields.checks();
  if (checks.length === 0) return;
  const table = sql.raw(`${fields.raw.table} r`);
  const counts = await sql<Record<string, number>>`
    select ${sql.join(checks.map((check, i) => sql`count(*) filter (where ${check.bad})::int as ${sql.ref(`e${i}`)}`))},
           count(*) filter (where ${sql.join(
             checks.map((check) => check.bad),
             sql` or `,
           )})::int as bad_rows
      from ${table}`.execute(session.db);
  const perCheck = checks.map((_, i) => Number(counts.rows[0]?.[`e${i}`] ?? 0));
  const total = perCheck.reduce((a, b) => a + b, 0);
  if (total === 0) return;

  const failing = checks.filter((_, i) => (perCheck[i] ?? 0) > 0);
  const { rows } = await sql<Record<string, unknown> & { rec: number }>`
    select r.rec::int as rec,
           ${sql.join(failing.map((check, i) => sql`${check.bad} as ${sql.ref(`b${i}`)}, ${check.value} as ${sql.ref(`v${i}`)}`))}
      from ${table}
     where ${sql.join(
       failing.map((check) => check.bad),
       sql` or `,
     )}
     order by r.rec
     limit ${MAX_LISTED_ERRORS}`.execute(session.db);
  const lines = await linesOf(
    session,
    fields.raw,
    rows.map((row) => row.rec),
  );
  const shown = rows.flatMap((row) =>
    failing.flatMap((check, i) =>
      row[`b${i}`]
        ? [
            {
              file,
              line: lines.get(row.rec) ?? row.rec + 1,
              column: check.header,
              code: check.code,
              reason: check.reason,
              value: shorten(row[`v${i}`] as string | null),
            },
          ]
        : [],
    ),
  );
  errors.addMany(shown, total, Number(counts.rows[0]?.bad_rows ?? 0));
}
