import { Writable } from 'node:stream';
import pino from 'pino';

/**
 * A pino logger whose lines stay in memory, for tests that read what the server logged (a 500's
 * cause, that no personal data was written). `keep` bounds how many of the last lines stay.
 */
export function memoryLogger(
  level: pino.LevelWithSilent,
  keep = Number.POSITIVE_INFINITY,
): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(line, _encoding, done) {
      lines.push(String(line));
      if (lines.length > keep) lines.shift();
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
