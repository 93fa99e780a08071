import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { type BenchDatabase, benchDatabase } from './_support.js';

/**
 * The database's own share of an import: the rows an import stored, read back as they are (ids
 * and all) and written again with binary COPY into a fresh database — the same tables, indexes
 * and pool trigger, one transaction on one connection, as the import writes them. Nothing is
 * read from CSV, resolved or checked: no import of these files can take less time than this on
 * one connection, whatever its client does.
 */

/** What an import of the bench's files writes, in an order their references allow. */
const TABLES = ['sources', 'campaigns', 'contacts', 'messages', 'conversations'] as const;

/** Dumps what the import just stored into `dir`, one binary COPY file per table. */
export async function dumpStored(bench: BenchDatabase, dir: string): Promise<void> {
  const client = await bench.pool.connect();
  try {
    for (const table of TABLES) {
      await pipeline(
        client.query(copyTo(`copy ${table} to stdout with (format binary)`)),
        createWriteStream(path.join(dir, `${table}.copy`)),
      );
    }
  } finally {
    client.release();
  }
}

export interface StoreFloor {
  seconds: number;
  /** Milliseconds per table, in the order written (the conversations' with their pool rows). */
  tableMs: Record<string, number>;
}

/** Writes the dumped rows into a fresh database, as the import's transaction would, timed. */
export async function timeStoreFloor(dir: string): Promise<StoreFloor> {
  const bench = await benchDatabase(2);
  const client = await bench.pool.connect();
  try {
    // The settings the import's own transaction starts with (import-spoke-csv.ts).
    await client.query(`set jit = off; set work_mem = '64MB'; set synchronous_commit = off`);
    await client.query('checkpoint').catch(() => undefined);
    const tableMs: Record<string, number> = {};
    const t0 = performance.now();
    await client.query('begin');
    for (const table of TABLES) {
      const c0 = performance.now();
      await pipeline(
        createReadStream(path.join(dir, `${table}.copy`), { highWaterMark: 1 << 20 }),
        client.query(copyFrom(`copy ${table} from stdin with (format binary)`)),
      );
      tableMs[table] = Math.round(performance.now() - c0);
    }
    await client.query('commit');
    return { seconds: (performance.now() - t0) / 1000, tableMs };
  } finally {
    client.release();
    await bench.drop();
  }
}
