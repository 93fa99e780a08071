import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './answers-csv.js';

describe('answers CSV cells', () => {
  it('neutralises what a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+55 11 9999')).toBe("'+55 11 9999");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('quotes only what needs it, doubling quotes, and keeps any text as it is', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('ação 🎉 日本')).toBe('ação 🎉 日本');
    expect(csvLine(['a', '', 'b,c'])).toBe('a,,"b,c"\r\n');
  });
});
