/**
 * A small JSON scanner that knows where things are: the line and column of every value by its
 * JSON path (in the engine's path syntax: `bot.nodes[2].quick_replies[0].metadata`), or the exact
 * place of a syntax error. Browser-safe: the bot editor uses it to put validation errors on their
 * lines, the server to locate syntax errors in uploaded files.
 */
export interface JsonLocation {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export type JsonScan =
  | { readonly ok: true; readonly locations: ReadonlyMap<string, JsonLocation> }
  | { readonly ok: false; readonly message: string; readonly at: JsonLocation };

/** The engine's path step: `a.b`, `a[0]`, `a["odd key"]`. */
export function pathStep(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function scanJson(text: string): JsonScan {
  const locations = new Map<string, JsonLocation>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const locate = (offset: number): JsonLocation => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { offset, line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const shown = () => (i >= text.length ? 'end of input' : `'${text[i]}'`);
  const expect = (char: string) => {
    if (text[i] !== char) throw new ScanError(`expected '${char}', found ${shown()}`, i);
    i++;
  };
  const string = (): string => {
    const start = i;
    expect('"');
    let out = '';
    while (i < text.length && text[i] !== '"') {
      const c = text[i] ?? '';
      if (c < ' ') throw new ScanError('control character in a string (use \\n)', i);
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new ScanError('bad \\u escape', i);
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (simple[e] === undefined) throw new ScanError(`bad escape '\\${e}'`, i);
        out += simple[e];
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
    if (i >= text.length) throw new ScanError('unterminated string', start);
    i++;
    return out;
  };
  const value = (path: string, at: number): void => {
    ws();
    if (!locations.has(path)) locations.set(path, locate(at));
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        if (text[i] !== '"') throw new ScanError(`expected a key in double quotes, found ${shown()}`, i);
        const key = string();
        ws();
        expect(':');
        value(pathStep(path, key), keyAt);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        ws();
        value(pathStep(path, index), i);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!literal) throw new ScanError(`unexpected ${shown()}`, i);
    i += literal[0].length;
  };
  try {
    ws();
    value('', i);
    ws();
    if (i < text.length) throw new ScanError(`unexpected ${shown()} after the end of the JSON value`, i);
    return { ok: true, locations };
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    return { ok: false, message: error.message, at: locate(error.offset) };
  }
}

/** Where an issue's path is in the text: the path itself, or its nearest parent that exists. */
export function locatePath(locations: ReadonlyMap<string, JsonLocation>, path: string): JsonLocation | null {
  for (let p = path; ; ) {
    const found = locations.get(p);
    if (found) return found;
    if (p === '' || p === '$') return locations.get('') ?? null;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
}
