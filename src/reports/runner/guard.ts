import { splitStatements, tokenize } from '../binder/index.js';

/**
 * What a report may be, checked before it reaches the database (which enforces the rest: a
 * read-only transaction, a role that may only read): one statement that reads. Changing a setting
 * or the role from inside a query (`set_config`, dynamic SQL through `query_to_xml`) is refused
 * by name, in code or in a literal, because `SET ROLE` checks the session's user, not the
 * reports role a run has switched to.
 */

const READING_STATEMENTS = ['select', 'with', 'values', 'table', 'explain', 'show'];
const FORBIDDEN = [
  'set_config',
  'query_to_xml',
  'query_to_xmlschema',
  'cursor_to_xml',
  'cursor_to_xmlschema',
  'dblink',
  'lo_import',
  'lo_export',
];

export type GuardResult = { ok: true; statement: string } | { ok: false; reason: string };

function firstWord(statement: string): string {
  const code = tokenize(statement)
    .filter((t) => t.kind !== 'comment')
    .map((t) => t.text)
    .join(' ');
  return (/^[\s(]*([A-Za-z]+)/.exec(code)?.[1] ?? '').toLowerCase();
}

export function guardStatement(sql: string): GuardResult {
  const statements = splitStatements(sql);
  if (statements.length === 0) return { ok: false, reason: 'The report has no SQL statement.' };
  if (statements.length > 1) {
    return { ok: false, reason: `A report is one statement; this has ${statements.length}.` };
  }
  const statement = statements[0] ?? '';
  const word = firstWord(statement);
  if (!READING_STATEMENTS.includes(word)) {
    return {
      ok: false,
      reason: `Reports only read: a statement starting with ${word.toUpperCase() || 'this'} is not allowed (use SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW).`,
    };
  }
  const flat = statement.toLowerCase().replaceAll('"', '');
  if (/\bu&['"]/.test(statement.toLowerCase())) {
    return { ok: false, reason: 'Unicode-escaped names and strings (U&) are not allowed in reports.' };
  }
  const name = FORBIDDEN.find((f) => flat.includes(f));
  if (name !== undefined) return { ok: false, reason: `${name} is not allowed in reports.` };
  return { ok: true, statement };
}
