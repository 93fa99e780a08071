import { Liquid, LiquidError, type Template } from 'liquidjs';

/**
 * The Liquid engines of e-mail templates. HTML bodies escape every output unless a template says
 * `| raw`; subjects and plain-text bodies are not HTML, so nothing is escaped there. Templates are
 * edited by admins: parse, render time and memory are bounded so a loop cannot stall a sender.
 */
const LIMITS = { parseLimit: 200_000, renderLimit: 2_000, memoryLimit: 20_000_000 } as const;

const COMMON = {
  strictFilters: true,
  // Sending: a value left out in an `{% if %}` is false. Saving still lists every unknown name.
  lenientIf: true,
  ownPropertyOnly: true,
  cache: false,
  ...LIMITS,
} as const;

/** At send time a variable the sample had but a mail lacks prints as nothing rather than losing the mail. */
export const htmlEngine = new Liquid({ ...COMMON, outputEscape: 'escape' });
export const plainEngine = new Liquid({ ...COMMON });
/** At save time every unknown variable is an error. */
const strictHtml = new Liquid({ ...COMMON, outputEscape: 'escape', strictVariables: true });
const strictPlain = new Liquid({ ...COMMON, strictVariables: true });

export type TemplatePart = 'subject' | 'html' | 'text';

/** One problem of a template: the part, its line and column, and what is wrong. */
export interface TemplateProblem {
  part: TemplatePart;
  line: number;
  column: number;
  /** `syntax`: does not parse; `unknown_variable`: a name the kind does not provide; `render`: fails on the sample. */
  problem: 'syntax' | 'unknown_variable' | 'render';
  /** The variable for `unknown_variable`, the engine's message otherwise. */
  detail: string;
}

function position(error: LiquidError): { line: number; column: number } {
  const [line = 1, column = 1] = error.token ? error.token.getPosition() : [];
  return { line, column };
}

/** The engine's message without the position it appends (the position is reported apart). */
function bare(message: string): string {
  return message.replace(/, line:\d+, col:\d+$/, '').replace(/, file:.*$/, '');
}

/** Whether `path` can be read from `value`; a list's items are checked on its first item. */
function reachable(value: unknown, path: readonly unknown[]): boolean {
  let current: unknown = value;
  for (const segment of path) {
    // `a[b]` with a variable index: b is checked on its own.
    if (typeof segment !== 'string' && typeof segment !== 'number') return true;
    if (Array.isArray(current)) {
      if (segment === 'size') return true;
      if (typeof segment !== 'number' && segment !== 'first' && segment !== 'last') return false;
      current = current[0];
      continue;
    }
    if (typeof current === 'string') return segment === 'size';
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return true;
}

function unknownVariables(
  engine: Liquid,
  template: Template[],
  sample: object,
  part: TemplatePart,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const analysis = engine.analyzeSync(template, { partials: false });
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      if (reachable(sample, variable.toArray())) continue;
      const { row, col } = variable.location;
      problems.push({
        part,
        line: row,
        column: col,
        problem: 'unknown_variable',
        detail: variable.toString(),
      });
    }
  }
  return problems;
}

/**
 * Every problem of one part of a template against the kind's sample variables: syntax errors,
 * each unknown variable (found by reading the template, so all are listed), then what rendering
 * the sample strictly still finds (a field of a list's item, a bad filter argument).
 */
export function checkPart(part: TemplatePart, source: string, sample: object): TemplateProblem[] {
  const engine = part === 'html' ? strictHtml : strictPlain;
  let template: Template[];
  try {
    template = engine.parse(source);
  } catch (error) {
    if (!LiquidError.is(error)) throw error;
    return [{ part, ...position(error), problem: 'syntax', detail: bare(error.message) }];
  }
  const unknown = unknownVariables(engine, template, sample, part);
  if (unknown.length > 0) return unknown.sort((a, b) => a.line - b.line || a.column - b.column);
  try {
    engine.renderSync(template, sample);
  } catch (error) {
    if (!LiquidError.is(error)) throw error;
    const undefinedVariable = /^undefined variable: (.+)$/.exec(bare(error.message));
    return [
      undefinedVariable
        ? { part, ...position(error), problem: 'unknown_variable', detail: undefinedVariable[1]! }
        : { part, ...position(error), problem: 'render', detail: bare(error.message) },
    ];
  }
  return [];
}
