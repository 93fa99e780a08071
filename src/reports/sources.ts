import pg from 'pg';
import { redact } from '../config.js';
import type { Db } from '../db/index.js';
import { Conflict, Invalid, isForeignKeyViolation, isUniqueViolation, NotFound } from '../errors.js';
import { secretBox } from '../secret-box.js';

/**
 * Data sources: other PostgreSQL databases (a Spoke or Discourse database, a warehouse speaking
 * the same protocol) reports may run on. The URL, with its password, is kept sealed
 * (src/secret-box.ts, purpose `report-source`) and never sent back, only its redacted form.
 */

export interface Source {
  readonly id: number;
  readonly name: string;
  readonly target: string;
  readonly createdAt: Date;
}

const box = (secret: string) => secretBox(secret, 'report-source');

/** The connection URL of a registered data source, opened from its sealed form. */
export async function sourceUrl(db: Db, secret: string, sourceId: number): Promise<string> {
  const row = await db
    .selectFrom('report_sources')
    .select('url_sealed')
    .where('id', '=', sourceId)
    .executeTakeFirst();
  if (!row) throw new NotFound('Data source', 'report_source_not_found');
  return box(secret).open(row.url_sealed);
}

export async function listSources(db: Db, secret: string): Promise<Source[]> {
  const rows = await db.selectFrom('report_sources').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    target: redact(box(secret).open(r.url_sealed)),
    createdAt: r.created_at,
  }));
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Invalid('Not a valid URL.', [{ field: 'url', message: 'is not a valid URL' }]);
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw new Invalid('Not a PostgreSQL URL.', [
      { field: 'url', message: 'must be postgres://user:password@host/db' },
    ]);
  }
}

export async function createSource(
  db: Db,
  secret: string,
  input: { name: string; url: string },
  actorId: number | null,
): Promise<Source> {
  checkUrl(input.url);
  try {
    const row = await db
      .insertInto('report_sources')
      .values({ name: input.name, url_sealed: box(secret).seal(input.url), created_by: actorId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, target: redact(input.url), createdAt: row.created_at };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict('A data source with this name exists.', 'report_source_name_taken');
    throw error;
  }
}

export async function deleteSource(db: Db, id: number): Promise<void> {
  try {
    const result = await db.deleteFrom('report_sources').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFound('Data source', 'report_source_not_found');
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new Conflict('Reports still use this data source.', 'report_source_in_use');
    throw error;
  }
}

/** "Test connection": connects (5 s at most), asks the server's version, disconnects. */
export async function testSource(url: string): Promise<{ ok: boolean; message: string }> {
  checkUrl(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
    statement_timeout: 5000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version()');
    return { ok: true, message: rows[0]?.version ?? '' };
  } catch (error) {
    return { ok: false, message: (error as Error).message.replaceAll(url, redact(url)) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
