import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Salvaged, salvage } from './salvage.js';
import type { CsvSource } from './sources.js';

/** The text in chunks of `size` bytes. */
function chunked(text: string, size: number): CsvSource {
  const data = Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(data.length / size) }, (_, i) =>
    data.subarray(i * size, (i + 1) * size),
  );
  return { name: 'f.csv', bytes: data.length, open: () => Readable.from(chunks) };
}

async function salvaged(text: string, width: number, size = 1 << 20) {
  const found: Salvaged = { errors: [], total: 0, records: 0, lines: [] };
  const kept: string[] = [];
  for await (const chunk of salvage(chunked(text, size), width, found)) kept.push(chunk.toString());
  return { kept: kept.join(''), ...found };
}

describe('salvaging a CSV file COPY refused', () => {
  it('keeps the records COPY reads, with their lines, and reports the others', async () => {
    const found = await salvaged('a,b,c\n1,"x\ny",3\n4,5\n\n6,a""b,c\n7,8,9,10\n11,12,13', 3);
    expect(found.kept).toBe('1,"x\ny",3\n6,a""b,c\n11,12,13\n');
    expect(found.lines).toEqual([2, 6, 8]);
    expect(found.records).toBe(6);
    expect(found.errors.map((e) => [e.line, e.reason])).toEqual([
      [4, '2 fields where the header has 3'],
      [5, 'blank line'],
      [7, '4 fields where the header has 3'],
    ]);
    expect(found.errors.map((e) => [e.code, e.params])).toEqual([
      ['field_count', { fields: 2, width: 3 }],
      ['blank_line', undefined],
      ['field_count', { fields: 4, width: 3 }],
    ]);
  });

  it('reports a quote never closed, and line endings unlike the first line', async () => {
    const found = await salvaged('a,b\r\n1,2\r\n3,4\n5,"6\r\n7,8\r\n', 2, 5);
    expect(found.kept).toBe('1,2\n');
    expect(found.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, "a line ending (\\n) unlike the first line's (\\r\\n)"],
      [4, 'a quote opened on this line is never closed (the rest of the file is inside it)'],
    ]);
    expect(found.errors.map((e) => [e.code, e.params])).toEqual([
      ['line_ending', { ending: '\\n', first: '\\r\\n' }],
      ['unclosed_quote', undefined],
    ]);
    expect(found.total).toBe(2);
  });

  it('reads records split across chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"v ""${i}""\n,x"`).join('\r\n');
    const found = await salvaged(`n,v\r\n${rows}\r\n`, 2, 7);
    expect(found.errors).toEqual([]);
    expect(found.lines.length).toBe(5000);
    expect(found.lines[4999]).toBe(2 + 4999 * 2);
  });
});
