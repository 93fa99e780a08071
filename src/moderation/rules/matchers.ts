import { RE2JS } from 're2js';
import { Invalid } from '../../errors.js';
import { PROFANITY_TERMS, STOP_TERMS } from './builtin.js';

/** What a rule needs to be matched; the row's other columns do not matter here. */
export interface RuleSpec {
  kind: 'keyword' | 'regex' | 'profanity' | 'stop_not_opted_out';
  terms: readonly string[];
  pattern: string | null;
}

/** Whether a message (its text, who wrote it, its conversation's opt-out) is one the rule flags. */
export type Matcher = (text: string, fromContact: boolean, optedOut: boolean) => boolean;

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;
// Letters beyond ASCII: the only text that may carry accents.
const BEYOND_ASCII = /[^ -~\t\n\r]/;

/** Lower case and without accents ("Não, PÁRA!" → "nao, para!"); ASCII text skips the Unicode work. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  return BEYOND_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

/** Folded, split into words: "Não, PÁRA!" → ["nao", "para"]. */
export function words(text: string): string[] {
  return fold(text).split(NON_WORD).filter(Boolean);
}

const escapeLiteral = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whole-word matching of a list of terms, compiled into one expression over the folded text: the
 * terms are literals (escaped), a term of several words allows any non-letters between them, and
 * letters or digits may not touch a term on either side. Alternatives of literals never backtrack
 * more than the longest term, so a match is linear in the message's length.
 */
export function termMatcher(terms: readonly string[]): (text: string) => boolean {
  const expression = termExpression(terms);
  return expression ? (text) => expression.test(fold(text)) : () => false;
}

/** The expression `termMatcher` runs over folded text; null for a list without a word. */
function termExpression(terms: readonly string[]): RegExp | null {
  const alternatives = [
    ...new Set(terms.map((term) => words(term).map(escapeLiteral).join('[^\\p{L}\\p{N}]+'))),
  ]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  if (alternatives.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

/**
 * Compiles a regular expression with RE2's linear-time engine (no backreferences or lookaround;
 * a match never takes longer than the text is long), case-insensitively.
 */
export function compileRegex(pattern: string): (text: string) => boolean {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Invalid(
      `The regular expression is not valid: ${reason}`,
      { field: 'pattern', reason },
      'invalid_regex',
    );
  }
  return (text) => compiled.matcher(text).find();
}

/** The matcher of a rule: texter messages for keyword, regex and profanity rules; contacts' for stop. */
export function compileRule(rule: RuleSpec): Matcher {
  const match = rule.kind === 'regex' ? compileRegex(rule.pattern ?? '') : termMatcher(ruleTerms(rule));
  if (rule.kind === 'stop_not_opted_out') {
    return (text, fromContact, optedOut) => fromContact && !optedOut && match(text);
  }
  return (text, fromContact) => !fromContact && match(text);
}

/** The terms a rule of a term-list kind matches: its own, or the built-in list while it has none. */
function ruleTerms(rule: RuleSpec): readonly string[] {
  if (rule.terms.length > 0 || rule.kind === 'keyword') return rule.terms;
  return rule.kind === 'profanity' ? PROFANITY_TERMS : STOP_TERMS;
}

/** What a rule set reads of a message; `folded`, when the reader has it, saves folding the text. */
export interface MatchedText {
  readonly text: string;
  readonly folded?: string | undefined;
  readonly from_contact: boolean;
  readonly opted_out: boolean;
}

/**
 * Rules compiled to run together over many messages (a rule run): each message is handed only to
 * the rules of its side (texter or contact), and its text is folded once for all the term lists
 * (regular expressions read it as written). Answers the ids of the rules that flag the message, in
 * the rules' order; the common answer, none, is one shared empty list.
 */
export function compileRuleSet(
  rules: readonly (RuleSpec & { id: number })[],
): (message: MatchedText) => readonly number[] {
  type Test = { id: number; folded: boolean; test: (text: string) => boolean };
  const compile = (rule: RuleSpec & { id: number }): Test => {
    if (rule.kind === 'regex') return { id: rule.id, folded: false, test: compileRegex(rule.pattern ?? '') };
    const expression = termExpression(ruleTerms(rule));
    return { id: rule.id, folded: true, test: (text) => expression?.test(text) ?? false };
  };
  const texter = rules.filter((rule) => rule.kind !== 'stop_not_opted_out').map(compile);
  const contact = rules.filter((rule) => rule.kind === 'stop_not_opted_out').map(compile);
  const none: readonly number[] = [];
  return (message) => {
    const fromContact = message.from_contact;
    // A contact's message only matters while the conversation is not opted out.
    if (fromContact && message.opted_out) return none;
    const tests = fromContact ? contact : texter;
    let folded: string | undefined;
    let hits: number[] | undefined;
    for (const { id, folded: onFolded, test } of tests) {
      if (onFolded) folded ??= message.folded ?? fold(message.text);
      if (!test(onFolded ? (folded as string) : message.text)) continue;
      if (hits) hits.push(id);
      else hits = [id];
    }
    return hits ?? none;
  };
}
