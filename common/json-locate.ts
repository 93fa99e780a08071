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

/** Offset → line and column, by a binary search over the offsets where lines start. */
function lineLocator(text: string): (offset: number) => JsonLocation {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { offset, line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/** A recursive-descent pass over the text that records where each path's value (or key) starts. */
class Scanner {
  /** The first position of each path. */
  readonly locations = new Map<string, JsonLocation>();
  i: number;

  constructor(
    readonly text: string,
    readonly locate: (offset: number) => JsonLocation,
  ) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i] ?? '')) this.i++;
  }

  shown(): string {
    return this.i >= this.text.length ? 'end of input' : `'${this.text[this.i]}'`;
  }

  expect(char: string): void {
    if (this.text[this.i] !== char) throw new ScanError(`expected '${char}', found ${this.shown()}`, this.i);
    this.i++;
  }

  string(): string {
    const { text } = this;
    const start = this.i;
    this.expect('"');
    let out = '';
    while (this.i < text.length && text[this.i] !== '"') {
      const c = text[this.i] ?? '';
      if (c < ' ') throw new ScanError('control character in a string (use \\n)', this.i);
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      out += c;
      this.i++;
    }
    if (this.i >= text.length) throw new ScanError('unterminated string', start);
    this.i++;
    return out;
  }

  /** The escape sequence at the scan position (a backslash), decoded. */
  escape(): string {
    const { text, i } = this;
    const e = text[i + 1] ?? '';
    if (e === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new ScanError('bad \\u escape', i);
      this.i += 6;
      return String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
    }
    const decoded = SIMPLE_ESCAPES[e];
    if (decoded === undefined) throw new ScanError(`bad escape '\\${e}'`, i);
    this.i += 2;
    return decoded;
  }

  /** A value at `path`, located at `at` (its key's position inside an object). */
  value(path: string, at: number): void {
    this.ws();
    if (!this.locations.has(path)) this.locations.set(path, this.locate(at));
    const c = this.text[this.i];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else this.literal();
  }

  /** true, false, null or a number. */
  literal(): void {
    const literal = LITERAL.exec(this.text.slice(this.i, this.i + 400));
    if (!literal) throw new ScanError(`unexpected ${this.shown()}`, this.i);
    this.i += literal[0].length;
  }

  object(path: string): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const keyAt = this.i;
      if (this.text[this.i] !== '"') {
        throw new ScanError(`expected a key in double quotes, found ${this.shown()}`, this.i);
      }
      const key = this.string();
      this.ws();
      this.expect(':');
      this.value(pathStep(path, key), keyAt);
      this.ws();
      if (this.text[this.i] !== ',') break;
      this.i++;
    }
    this.expect('}');
  }

  array(path: string): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.ws();
      this.value(pathStep(path, index), this.i);
      this.ws();
      if (this.text[this.i] !== ',') break;
      this.i++;
    }
    this.expect(']');
  }
}

export function scanJson(text: string): JsonScan {
  const locate = lineLocator(text);
  const scanner = new Scanner(text, locate);
  try {
    scanner.ws();
    scanner.value('', scanner.i);
    scanner.ws();
    if (scanner.i < text.length) {
      throw new ScanError(`unexpected ${scanner.shown()} after the end of the JSON value`, scanner.i);
    }
    return { ok: true, locations: scanner.locations };
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
