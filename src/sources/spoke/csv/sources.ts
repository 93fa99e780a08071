import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../../../db/index.js';

/** A CSV file to import, opened as many times as needed (header peek, then the COPY). */
export interface CsvSource {
  name: string;
  bytes: number | null;
  open(): Readable;
}

/** A file on disk (the CLI). */
export async function fileSource(file: string): Promise<CsvSource> {
  const info = await stat(file);
  return {
    name: path.basename(file),
    bytes: info.size,
    open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
  };
}

/** Text in memory (tests, small uploads). */
export function textSource(name: string, text: string): CsvSource {
  const data = Buffer.from(text, 'utf8');
  return { name, bytes: data.length, open: () => Readable.from([data]) };
}

/**
 * A file uploaded through the API, read back chunk by chunk from `import_file_chunks` (one
 * chunk in memory at a time), so whichever worker runs the import can read it.
 */
export function storedSource(db: Db, file: { id: number; name: string; bytes: number }): CsvSource {
  return {
    name: file.name,
    bytes: file.bytes,
    open() {
      let seq = 0;
      return new Readable({
        async read() {
          try {
            const { rows } = await sql<{ data: Buffer }>`
              select data from import_file_chunks where file_id = ${file.id} and seq = ${seq}`.execute(db);
            seq++;
            this.push(rows[0]?.data ?? null);
          } catch (error) {
            this.destroy(error as Error);
          }
        },
      });
    },
  };
}
