import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locatePath, scanJson } from './json-locate.js';

describe('scanJson', () => {
  it('finds every path with its line and column', () => {
    const text = '{\n  "bot": {\n    "nodes": [\n      {"code": "a"},\n      {"odd key": 1}\n    ]\n  }\n}';
    const scan = scanJson(text);
    if (!scan.ok) throw new Error(scan.message);
    expect(scan.locations.get('bot.nodes[0].code')).toMatchObject({ line: 4, column: 8 });
    expect(scan.locations.get('bot.nodes[1]["odd key"]')).toMatchObject({ line: 5, column: 8 });
    expect(locatePath(scan.locations, 'bot.nodes[1].missing')).toMatchObject({ line: 5, column: 7 });
    expect(locatePath(scan.locations, 'bot.entry')).toMatchObject({ line: 2, column: 3 });
  });

  it('reports the place of a syntax error', () => {
    expect(scanJson('{\n  "nodes": [\n}')).toMatchObject({ ok: false, at: { line: 3, column: 1 } });
    expect(scanJson('{"a": 1,}')).toMatchObject({
      ok: false,
      message: "expected a key in double quotes, found '}'",
    });
    expect(scanJson('[1] x')).toMatchObject({ ok: false, at: { column: 5 } });
  });

  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(scanJson(text).ok).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });
});
