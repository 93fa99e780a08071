import { type BoundQuery, bind, paramsFrom } from './binder/index.js';
import { checkReport, isIdType, type ParamDecl, type ParamValue, parseValue } from './header/index.js';

/**
 * From a report's SQL and the values given for its parameters (as text: a form, a URL, the CLI)
 * to the statement and values sent, or every problem found, each naming its parameter.
 */

export interface ParamProblem {
  readonly field: string;
  readonly message: string;
}

export type Prepared =
  | { ok: true; decls: ParamDecl[]; values: Map<string, ParamValue> }
  | { ok: false; problems: ParamProblem[] };

/** Parses the given values (text, or already-typed JSON values) against the header. */
export function readParams(decls: readonly ParamDecl[], given: Readonly<Record<string, unknown>>): Prepared {
  const problems: ParamProblem[] = [];
  const values = new Map<string, ParamValue>();
  for (const name of Object.keys(given)) {
    if (!decls.some((d) => d.name === name))
      problems.push({ field: name, message: 'is not a parameter of this report' });
  }
  for (const decl of decls) {
    const raw = given[decl.name];
    if (raw === undefined || raw === '') {
      if (decl.defaultValue !== undefined) values.set(decl.name, decl.defaultValue);
      else if (decl.nullable) values.set(decl.name, null);
      else if (raw === '' && decl.type === 'string') values.set(decl.name, '');
      else problems.push({ field: decl.name, message: 'is required' });
      continue;
    }
    const text = Array.isArray(raw) ? raw.map(String).join(',') : raw === null ? '#null' : String(raw);
    const parsed = parseValue(decl.type, decl.nullable, text);
    if (parsed.ok) values.set(decl.name, parsed.value);
    else problems.push({ field: decl.name, message: parsed.error });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, decls: [...decls], values };
}

export interface HeaderCheck {
  readonly decls: ParamDecl[];
  readonly problems: { line: number; message: string }[];
}

export function checkBody(body: string): HeaderCheck {
  const { params, problems } = checkReport(body);
  return { decls: params, problems };
}

export function bindReport(
  body: string,
  decls: readonly ParamDecl[],
  values: Map<string, ParamValue>,
): BoundQuery {
  return bind(body, paramsFrom(decls, values));
}

export function idDecls(decls: readonly ParamDecl[]): ParamDecl[] {
  return decls.filter((d) => isIdType(d.type));
}
