import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotStreamable, readCsv } from './records.js';
import type { CsvSource } from './sources.js';
import { rawValue } from './stream-fields.js';

/** A source handing out `text` in chunks of `size` bytes (records straddle them). */
function chunked(text: string, size: number): CsvSource {
  const data = Buffer.from(text);
  return {
    name: 'test.csv',
    bytes: data.length,
    open: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
        })(),
      ),
  };
}

async function records(text: string, size: number, width: number): Promise<(string | null)[][]> {
  const out: (string | null)[][] = [];
  for await (const block of readCsv(chunked(text, size), width)) {
    for (let r = 0; r < block.records; r++) {
      out.push(Array.from({ length: width }, (_, c) => rawValue(block, r, c)));
    }
  }
  return out;
}

describe('reading CSV for the streamed import', () => {
  const text = 'a,b,c\n' + '1,"Hi, ""you""",x\n' + '2,"two\nlines",\n' + '3,,""\n' + '4,é ✓ 😀,"last"';

  it.each([1, 2, 3, 7, 64, 1 << 20])('reads records as COPY does, in chunks of %i bytes', async (size) => {
    expect(await records(text, size, 3)).toEqual([
      ['1', 'Hi, "you"', 'x'],
      ['2', 'two\nlines', null],
      // Unquoted empty is null, quoted empty is text.
      ['3', null, ''],
      ['4', 'é ✓ 😀', 'last'],
    ]);
    // CRLF files: line breaks inside quotes are kept as written.
    expect(await records(text.replaceAll('\n', '\r\n'), size, 3)).toEqual([
      ['1', 'Hi, "you"', 'x'],
      ['2', 'two\r\nlines', null],
      ['3', null, ''],
      ['4', 'é ✓ 😀', 'last'],
    ]);
  });

  it.each([
    ['more fields than the header', 'a,b\n1,2,3\n'],
    ['fewer fields', 'a,b\n1\n'],
    ['a blank line', 'a,b\n1,2\n\n3,4\n'],
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n'],
    ['text after a closing quote', 'a,b\n1,"x"y\n'],
    ['an unterminated quote', 'a,b\n1,"x\n'],
    ['mixed line endings', 'a,b\r\n1,2\n'],
    ['a lone carriage return', 'a,b\n1,2\r3,4\n'],
    ['a NUL byte', 'a,b\n1,\u0000\n'],
  ])('leaves %s to the staged path', async (_, bad) => {
    for (const size of [1, 5, 1 << 20]) {
      await expect(records(bad, size, 2)).rejects.toBeInstanceOf(NotStreamable);
    }
  });

  it('refuses bytes that are not UTF-8', async () => {
    const source: CsvSource = {
      name: 'latin1.csv',
      bytes: 10,
      open: () => Readable.from([Buffer.from('a,b\n1,caf\xe9\n', 'latin1')]),
    };
    const read = async () => {
      for await (const _ of readCsv(source, 2)) {
        // reading is enough
      }
    };
    await expect(read()).rejects.toBeInstanceOf(NotStreamable);
  });
});
