import { type RawBuilder, sql } from 'kysely';
import { PROFANITY_TERMS, STOP_TERMS } from './builtin.js';
import { words } from './matchers.js';
import type { RuleRow } from './store.js';

const ACCENTED = 'áàâãäåéèêëíìîïóòôõöúùûüçñÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑ';
const PLAIN = 'aaaaaaeeeeiiiiooooouuuucnAAAAAAEEEEIIIIOOOOOUUUUCN';

/** The terms a term-based rule matches, or null for a regex rule. */
function termsOf(rule: RuleRow): readonly string[] | null {
  if (rule.kind === 'regex') return null;
  if (rule.terms.length > 0) return rule.terms;
  return rule.kind === 'profanity' ? PROFANITY_TERMS : rule.kind === 'stop_not_opted_out' ? STOP_TERMS : [];
}

/**
 * A condition PostgreSQL checks while reading, so that only candidate messages reach the worker:
 * the longest word of each term as a case-insensitive substring of the accent-stripped text, on the
 * side of the conversation the rule reads. A superset of what the rules match (the worker checks
 * whole words); null when a regex rule is among them (every message must be read).
 */
export function candidateFilter(rules: readonly RuleRow[]): RawBuilder<unknown> | null {
  const conditions: RawBuilder<unknown>[] = [];
  for (const rule of rules) {
    const terms = termsOf(rule);
    if (terms === null) return null;
    const keys = [
      ...new Set(terms.map((term) => words(term).sort((a, b) => b.length - a.length)[0]).filter(Boolean)),
    ];
    if (keys.length === 0) continue;
    const side =
      rule.kind === 'stop_not_opted_out' ? sql`m.from_contact and not c.opted_out` : sql`not m.from_contact`;
    // Words hold letters and digits only: nothing in them is special to a regular expression.
    conditions.push(sql`(${side} and translate(m.text, ${ACCENTED}, ${PLAIN}) ~* ${keys.join('|')})`);
  }
  return conditions.length === 0 ? sql`false` : sql`(${sql.join(conditions, sql` or `)})`;
}
