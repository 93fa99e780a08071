import type { Db } from '../db/index.js';
import type { RubricItemRow } from '../db/rows.js';

export interface RubricRow {
  id: number;
  version: number;
  items: RubricItemRow[];
  created_at: Date;
}

export async function currentRubric(db: Db): Promise<RubricRow> {
  return db
    .selectFrom('audit_rubrics')
    .select(['id', 'version', 'items', 'created_at'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow() as Promise<RubricRow>;
}
