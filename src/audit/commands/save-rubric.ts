import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { RubricItemRow } from '../../db/rows.js';
import { Invalid } from '../../errors.js';
import type { RubricRow } from '../rubric.js';

/** A new rubric version; audits already made keep the version they were scored with. */
export async function saveRubric(
  db: Db,
  input: { items: RubricItemRow[]; userId: number },
): Promise<RubricRow> {
  const seen = new Set<string>();
  input.items.forEach((item, index) => {
    if (seen.has(item.key))
      throw new Invalid(
        `items/${index}/key "${item.key}" is used twice.`,
        { path: `items/${index}/key`, key: item.key },
        'duplicate_rubric_key',
      );
    seen.add(item.key);
  });
  if (input.items.length === 0)
    throw new Invalid('A rubric needs at least one item.', { path: 'items' }, 'empty_rubric');
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('audit_rubric'))`.execute(trx);
    const row = await trx
      .insertInto('audit_rubrics')
      .values({
        version: sql<number>`(select coalesce(max(version), 0) + 1 from audit_rubrics)`,
        items: JSON.stringify(input.items),
        created_by: input.userId,
      })
      .returning(['id', 'version', 'items', 'created_at'])
      .executeTakeFirstOrThrow();
    return row as RubricRow;
  });
}
