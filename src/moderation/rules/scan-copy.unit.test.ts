import { describe, expect, it } from 'vitest';
import { fold } from './matchers.js';
import { type CopyLine, readCopyPages } from './scan-copy.js';

/** A message as COPY's text format writes it (backslash, tab, newline and CR escaped). */
function copyLine(id: number, texter: number | null, fromContact: boolean, optedOut: boolean, text: string) {
  const escaped = text.replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
  );
  return `${id}\t${id * 10}\t${texter ?? '\\N'}\t${fromContact ? 't' : 'f'}\t${optedOut ? 't' : 'f'}\t${escaped}\n`;
}

const TEXTS = [
  'STOP',
  'Não, PÁRA!',
  'Tab\there, a "new\nline", a back\\slash \\n, CR\r',
  'Reply STOP to opt out',
  'İSTANBUL ΣΊΣΥΦΟΣ',
  'x'.repeat(300),
  '',
  'emoji 🙂 IDIOT',
];

async function* chunks(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(bytes: Buffer, size: number) {
  const seen: object[] = [];
  const read = await readCopyPages(
    chunks(bytes, size),
    (line: CopyLine) => {
      const text = line.text;
      // Whatever the page, what the matchers see is the folded text.
      expect(line.folded ?? fold(text)).toBe(fold(text));
      seen.push({
        id: line.id,
        conversation_id: line.conversation_id,
        texter_id: line.texter_id,
        from_contact: line.from_contact,
        opted_out: line.opted_out,
        text,
      });
    },
    () => undefined,
  );
  return { ...read, seen };
}

describe('reading COPY lines in place', () => {
  const messages = [...TEXTS, ...TEXTS.map((text) => text.toLowerCase())].map((text, i) => ({
    id: [7, 3, 120, 45][i % 4]! + i * 1000,
    conversation_id: ([7, 3, 120, 45][i % 4]! + i * 1000) * 10,
    texter_id: i % 3 === 0 ? null : 17 + i,
    from_contact: i % 2 === 0,
    opted_out: i % 5 === 0,
    text,
  }));
  const bytes = Buffer.from(
    messages.map((m) => copyLine(m.id, m.texter_id, m.from_contact, m.opted_out, m.text)).join(''),
  );

  it('reads every field, however the stream cuts lines and characters, ASCII pages or not', async () => {
    for (const size of [1, 2, 3, 7, 64, 200, bytes.length]) {
      const read = await readAll(bytes, size);
      expect(read.seen).toEqual(messages);
      expect(read.scanned).toBe(messages.length);
      expect(read.lastId).toBe(Math.max(...messages.map((m) => m.id)));
    }
  });

  it('folds an all-ASCII page once, and says so only when the whole page is ASCII', async () => {
    const ascii = Buffer.from(
      copyLine(1, 2, false, false, 'You IDIOT\tNOW') + copyLine(2, null, true, false, 'Stop'),
    );
    const folded: (string | undefined)[] = [];
    await readCopyPages(
      chunks(ascii, ascii.length),
      (line) => folded.push(line.folded),
      () => undefined,
    );
    expect(folded).toEqual(['you idiot\tnow', 'stop']);
    const mixed = Buffer.from(
      copyLine(1, 2, false, false, 'Você IDIOTA') + copyLine(2, null, true, false, 'Stop'),
    );
    folded.length = 0;
    await readCopyPages(
      chunks(mixed, mixed.length),
      (line) => folded.push(line.folded),
      () => undefined,
    );
    expect(folded).toEqual([undefined, undefined]);
  });
});
