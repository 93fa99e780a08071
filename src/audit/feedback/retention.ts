import type { Db } from '../../db/index.js';

/**
 * Data retention for the send log (run with the store's, `data_retention_days`): a feedback e-mail
 * sent before `cutoff` loses its rendered text, which quotes what contacts wrote; who sent what to
 * whom, when, and its subject stay. Returns how many sends were erased.
 */
export async function eraseFeedbackTextOlderThan(db: Db, cutoff: Date): Promise<number> {
  const result = await db
    .updateTable('feedback_sends')
    .set({ body_text: '' })
    .where('sent_at', '<', cutoff)
    .where('body_text', '<>', '')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
