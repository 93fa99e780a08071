import { PassThrough, type Readable } from 'node:stream';
import { plainValue } from './plain-value.js';
import type { ReportContext, RunRequest } from './run.js';
import type { Column } from './runner/execute.js';
import { streamReport } from './service.js';

/**
 * Streamed exports (CSV, JSON): rows go out a batch at a time as the client reads them, so memory
 * stays flat whatever the size of the result. Problems found before the first row (bad
 * parameters, a refused statement) are thrown, so the caller can answer with an error instead.
 */
export type ExportFormat = 'csv' | 'json';

export function csvField(value: unknown): string {
  const plain = plainValue(value);
  if (plain === null) return '';
  const text = String(plain);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function formatter(format: ExportFormat) {
  let names: string[] = [];
  let first = true;
  return {
    head(columns: Column[]): string {
      names = columns.map((c) => c.name);
      return format === 'csv' ? csvLine(names) : '[';
    },
    rows(rows: unknown[][]): string {
      if (format === 'csv') return rows.map(csvLine).join('');
      let out = '';
      for (const row of rows) {
        const object: Record<string, unknown> = {};
        names.forEach((name, i) => {
          object[name] = plainValue(row[i]);
        });
        out += `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
        first = false;
      }
      return out;
    },
    tail(): string {
      return format === 'csv' ? '' : '\n]\n';
    },
  };
}

/** Waits until the reader has taken what was written (or went away). */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Starts the export; resolves with the stream once the first rows are in (or rejects before). */
export function exportReport(
  ctx: ReportContext,
  request: RunRequest,
  format: ExportFormat,
): Promise<Readable> {
  const out = new PassThrough({ highWaterMark: 1 << 16 });
  const text = formatter(format);
  const write = async (chunk: string) => {
    if (chunk !== '' && !out.write(chunk)) await drained(out);
    if (out.destroyed) throw new Error('the client went away');
  };
  return new Promise<Readable>((resolve, reject) => {
    let started = false;
    streamReport(ctx, request, {
      columns: async (columns) => {
        started = true;
        resolve(out);
        await write(text.head(columns));
      },
      rows: (rows) => write(text.rows(rows)),
    })
      .then(async () => {
        await write(text.tail());
        out.end();
      })
      .catch((error: unknown) => {
        if (!started) reject(error);
        else out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
