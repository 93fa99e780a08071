import type { Db } from '../db/index.js';

/** The keys of the items an audit failed, in key order. */
export function failedItems(scores: Record<string, boolean>): string[] {
  return Object.keys(scores)
    .filter((key) => scores[key] === false)
    .sort();
}

/**
 * Rewrites the rows of `audit_failed_items` of one audit (the Audits page's "item failed" filter
 * walks them in date or score order, so they carry the audit's date and score).
 */
export async function writeFailedItems(
  trx: Db,
  audit: { id: number; created_at: Date; score: number; scores: Record<string, boolean> },
): Promise<void> {
  await trx.deleteFrom('audit_failed_items').where('audit_id', '=', audit.id).execute();
  const items = failedItems(audit.scores);
  if (items.length === 0) return;
  await trx
    .insertInto('audit_failed_items')
    .values(
      items.map((item) => ({ audit_id: audit.id, item, created_at: audit.created_at, score: audit.score })),
    )
    .execute();
}
