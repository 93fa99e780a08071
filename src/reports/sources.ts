import type { Db } from '../db/index.js';
import { NotFound } from '../errors.js';
import { secretBox } from '../secret-box.js';

/** The connection URL of a registered data source, opened from its sealed form. */
export async function sourceUrl(db: Db, secret: string, sourceId: number): Promise<string> {
  const row = await db
    .selectFrom('report_sources')
    .select('url_sealed')
    .where('id', '=', sourceId)
    .executeTakeFirst();
  if (!row) throw new NotFound('Data source', 'report_source_not_found');
  return secretBox(secret, 'report-source').open(row.url_sealed);
}

export function sealSourceUrl(secret: string, url: string): Buffer {
  return secretBox(secret, 'report-source').seal(url);
}
