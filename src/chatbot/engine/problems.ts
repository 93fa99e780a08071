import type { SyntaxProblemCode } from './relevance/errors.js';

/**
 * Every problem the validator reports, with the names of its params. An issue carries its `code`
 * and `params` besides its English `message` (the command line and the API read the message; the
 * web UI shows `botProblems.<code>` of web/src/i18n in the user's language, and a relevance or
 * placeholder syntax error's `cause` as `botSyntax.<code>`). src/chatbot/problems.unit.test.ts
 * checks that each code has a text in every language with exactly these params.
 */
export const BOT_PROBLEMS = {
  required: [],
  /** `expected` and `found` are JSON kinds (JsonKind). */
  wrong_type: ['expected', 'found'],
  empty: [],
  too_small: ['min'],
  too_large: ['max'],
  too_long: ['max'],
  unknown_key: [],
  no_messages: [],
  no_options: [],
  no_items: [],
  node_type: [],
  question_type: ['types'],
  end_action: [],
  end_needs_text: [],
  duplicate_question_code: ['code'],
  not_power_of_two: ['power'],
  power_twice: ['power'],
  referencia_twice: ['referencia'],
  relevance_syntax: ['line', 'column', 'detail'],
  placeholder_syntax: ['line', 'column', 'detail'],
  duplicate_questionnaire_id: ['id'],
  duplicate_node_code: ['code'],
  unknown_node: ['code'],
  unknown_questionnaire: ['id'],
  unknown_target: ['code'],
  unreachable: ['code'],
  too_many_buttons: ['count', 'channel', 'max'],
  label_too_long: ['length', 'channel', 'max'],
} as const satisfies Record<string, readonly string[]>;

export type BotProblemCode = keyof typeof BOT_PROBLEMS;

/** The kinds of JSON value type problems name (`missing`: not there at all). */
export const JSON_KINDS = [
  'object',
  'array',
  'string',
  'integer',
  'number',
  'boolean',
  'null',
  'missing',
] as const;
export type JsonKind = (typeof JSON_KINDS)[number];

export type ProblemParams = Readonly<Record<string, string | number>>;

/** A problem's code with its params (each named one, as text or a number). */
export type BotProblem = {
  [C in BotProblemCode]: (typeof BOT_PROBLEMS)[C] extends readonly []
    ? { readonly code: C; readonly params?: undefined }
    : {
        readonly code: C;
        readonly params: { readonly [K in (typeof BOT_PROBLEMS)[C][number]]: string | number };
      };
}[BotProblemCode];

/** For a syntax error: the parser's own problem, shown inside the text. */
export interface ProblemCause {
  readonly code: SyntaxProblemCode;
  readonly params: ProblemParams;
}

const ARTICLE: Readonly<Record<JsonKind, string>> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
  missing: 'missing',
};

type ParamsOf<C extends BotProblemCode> = {
  readonly [K in (typeof BOT_PROBLEMS)[C][number]]: string | number;
};

const article = (kind: string | number) => ARTICLE[kind as JsonKind] ?? String(kind);

const ENGLISH: { readonly [C in BotProblemCode]: (params: ParamsOf<C>) => string } = {
  required: () => 'is required',
  wrong_type: (p) => `must be ${article(p.expected)}, not ${article(p.found)}`,
  empty: () => 'must not be empty',
  too_small: (p) => `must be at least ${p.min}`,
  too_large: (p) => `must be at most ${p.max}`,
  too_long: (p) => `must be at most ${p.max} characters`,
  unknown_key: () => 'unknown key',
  no_messages: () => 'needs at least one message',
  no_options: () => 'needs at least one option',
  no_items: () => 'needs at least one item',
  node_type: () => "must be 'text_message' or 'questionnaire'",
  question_type: (p) => `must be one of ${p.types}`,
  end_action: () => "must be 'finish' or 'restart'",
  end_needs_text: () => 'an end button needs a text to be sent with it',
  duplicate_question_code: (p) => `code '${p.code}' is used by an earlier question too`,
  not_power_of_two: (p) => `${p.power} is not a power of two`,
  power_twice: (p) => `${p.power} is used twice in the group`,
  referencia_twice: (p) => `'${p.referencia}' is used twice in the group`,
  relevance_syntax: (p) => `relevance syntax error at ${p.line}:${p.column}: ${p.detail}`,
  placeholder_syntax: (p) => `placeholder syntax error at ${p.line}:${p.column}: ${p.detail}`,
  duplicate_questionnaire_id: (p) => `duplicate questionnaire id '${p.id}'`,
  duplicate_node_code: (p) => `duplicate node code '${p.code}'`,
  unknown_node: (p) => `unknown node '${p.code}'`,
  unknown_questionnaire: (p) => `unknown questionnaire '${p.id}'`,
  unknown_target: (p) => `unknown target node '${p.code}'`,
  unreachable: (p) => `node '${p.code}' cannot be reached from entry or welcome_back`,
  too_many_buttons: (p) => `${p.count} buttons; ${p.channel} allows at most ${p.max}`,
  label_too_long: (p) => `label of ${p.length} characters; ${p.channel} allows at most ${p.max}`,
};

/** The English text of a problem (what the command line prints after the JSON path). */
export function englishProblem(problem: BotProblem): string {
  const text = ENGLISH[problem.code] as (params: ProblemParams) => string;
  return text(problem.params ?? {});
}
