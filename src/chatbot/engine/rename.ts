import type { BotBundle } from './bot.js';
import { at } from './json-read.js';
import type { Question, Questionnaire } from './questionnaire/question.js';
import type { Expr } from './relevance/ast.js';
import { SELF } from './relevance/ast.js';
import { lex, type Token } from './relevance/lexer.js';
import { parse } from './relevance/parser.js';

/**
 * Renaming a question code (docs/chatbot-studio.md). Answers are stored under the code, so every
 * expression of its questionnaire that reads the answer — relevances and `[% %]` placeholders in
 * texts — is rewritten, token by token (the rest of each text is kept as written): the code, and
 * for a yes/no group the names its items store (`<code>_<referencia>`, `<code>_<power2answer>`).
 *
 * The PenhaS idiom names the next question by an option's value (`P1` offers `P2a`, and `P2a` is
 * shown when `P1=='P2a'` or `P1==_self`): option values equal to the old code are renamed too,
 * with the quoted values compared to that question's answer and the tag scenarios that check the
 * code — so the questionnaire behaves as before.
 *
 * Refused, with the places at fault: a new code that is not a name the relevance language can
 * read, a reserved name, a name another question (or a yes/no item's answer) uses, an old code
 * used by two questions, and expressions that cannot be read and mention the old code.
 */
export type RenameResult =
  | { readonly ok: true; readonly bundle: BotBundle; readonly places: readonly RenamePlace[] }
  | { readonly ok: false; readonly reason: RenameRefusal; readonly places: readonly RenameBlocker[] };

export type RenameRefusal = 'invalid_code' | 'reserved_code' | 'code_taken' | 'code_ambiguous' | 'unreadable';

/** A text rewritten by the rename. */
export interface RenamePlace {
  /** JSON path in the bundle, e.g. `questionnaires[0].questions[3].relevance`. */
  readonly path: string;
  readonly kind: 'relevance' | 'text' | 'option_value' | 'tag_scenario';
  readonly before: string;
  readonly after: string;
}

/** Why a rename is refused: where the conflict or the unreadable text is. */
export interface RenameBlocker {
  readonly path: string;
  readonly text: string;
}

/** What a question code must look like: a name the relevance language reads. */
export const CODE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names that are not a question's: operators, `_self`, and answers the engine stores itself. */
export const RESERVED_NAMES: readonly string[] = [
  'not',
  'and',
  'or',
  SELF,
  'start_time',
  'human_address',
  'latlng',
  'cep_results',
];

/** The names a question's answer is stored under: its code, and for a yes/no group each item's. */
export function storedNames(question: Question, code = question.code): string[] {
  if (question.type !== 'yesnogroup') return [code];
  return [
    code,
    ...question.yesnogroup.flatMap((item) => [`${code}_${item.referencia}`, `${code}_${item.power2answer}`]),
  ];
}

export function renameQuestion(
  bundle: BotBundle,
  questionnaireIndex: number,
  questionIndex: number,
  newCode: string,
): RenameResult {
  const questionnaire = bundle.questionnaires[questionnaireIndex];
  const question = questionnaire?.questions[questionIndex];
  if (!questionnaire || !question) throw new RangeError('no such question');
  const oldCode = question.code;
  if (oldCode === newCode) return { ok: true, bundle, places: [] };
  const qPath = at(at('questionnaires', questionnaireIndex), 'questions');
  const refused = checkNewCode(questionnaire, questionIndex, newCode, qPath);
  if (refused) return refused;

  const renames = new Map(
    storedNames(question).map((name, i) => [name, storedNames(question, newCode)[i] ?? name]),
  );
  const idiom = isOptionValue(questionnaire, oldCode) ? { from: oldCode, to: newCode } : null;
  const rewriter = new Rewriter(renames, idiom, questionnaire);
  const questions = questionnaire.questions.map((q, i) =>
    rewriter.question(i === questionIndex ? { ...q, code: newCode } : q, at(qPath, i)),
  );
  if (rewriter.blockers.length > 0) return { ok: false, reason: 'unreadable', places: rewriter.blockers };

  const scenarios = bundle.bot.tag_code_config.scenarios.map((scenario, i) => {
    if (!idiom || scenario.check_code !== oldCode || usedElsewhere(bundle, questionnaireIndex, oldCode))
      return scenario;
    rewriter.places.push({
      path: `bot.tag_code_config.scenarios[${i}].check_code`,
      kind: 'tag_scenario',
      before: oldCode,
      after: newCode,
    });
    return { ...scenario, check_code: newCode };
  });
  const renamed: BotBundle = {
    ...bundle,
    bot: { ...bundle.bot, tag_code_config: { ...bundle.bot.tag_code_config, scenarios } },
    questionnaires: bundle.questionnaires.map((q, i) => (i === questionnaireIndex ? { ...q, questions } : q)),
  };
  return { ok: true, bundle: renamed, places: rewriter.places };
}

function checkNewCode(
  questionnaire: Questionnaire,
  questionIndex: number,
  newCode: string,
  qPath: string,
): Extract<RenameResult, { ok: false }> | null {
  const question = questionnaire.questions[questionIndex] as Question;
  const where = (i: number) => ({
    path: at(at(qPath, i), 'code'),
    text: questionnaire.questions[i]?.code ?? '',
  });
  if (!CODE_PATTERN.test(newCode)) return { ok: false, reason: 'invalid_code', places: [] };
  if (RESERVED_NAMES.includes(newCode)) return { ok: false, reason: 'reserved_code', places: [] };
  const twins = questionnaire.questions.flatMap((q, i) =>
    q.code === question.code && i !== questionIndex ? [i] : [],
  );
  if (twins.length > 0) {
    return { ok: false, reason: 'code_ambiguous', places: [questionIndex, ...twins].map(where) };
  }
  const wanted = new Set(storedNames(question, newCode));
  const taken = questionnaire.questions.flatMap((q, i) =>
    i !== questionIndex && storedNames(q).some((name) => wanted.has(name)) ? [i] : [],
  );
  return taken.length > 0 ? { ok: false, reason: 'code_taken', places: taken.map(where) } : null;
}

function isOptionValue(questionnaire: Questionnaire, code: string): boolean {
  return questionnaire.questions.some(
    (q) => q.type === 'onlychoice' && q.options.some((o) => o.value === code),
  );
}

/** Whether another questionnaire has a question or an option value named `code`. */
function usedElsewhere(bundle: BotBundle, questionnaireIndex: number, code: string): boolean {
  return bundle.questionnaires.some(
    (q, i) =>
      i !== questionnaireIndex &&
      (q.questions.some((question) => question.code === code) || isOptionValue(q, code)),
  );
}

/** Rewrites a questionnaire's expressions, recording each place changed and each it cannot read. */
class Rewriter {
  readonly places: RenamePlace[] = [];
  readonly blockers: RenameBlocker[] = [];
  /** Questions whose options hold the renamed value: a quoted value compared to their answer changes. */
  private readonly choosers: ReadonlySet<string>;

  constructor(
    private readonly renames: ReadonlyMap<string, string>,
    private readonly idiom: { readonly from: string; readonly to: string } | null,
    questionnaire: Questionnaire,
  ) {
    this.choosers = new Set(
      questionnaire.questions
        .filter((q) => q.type === 'onlychoice' && q.options.some((o) => o.value === idiom?.from))
        .map((q) => q.code),
    );
  }

  question(q: Question, path: string): Question {
    const text = (value: string, p: string) => this.template(value, p);
    // In the order a question is read: relevance, intro, text, answers.
    const relevance =
      q.relevance === undefined ? {} : { relevance: this.relevance(q.relevance, at(path, 'relevance')) };
    const intro = q.intro ? { intro: q.intro.map((line, i) => text(line, at(at(path, 'intro'), i))) } : {};
    const base = { ...q, ...relevance, ...intro, question: text(q.question, at(path, 'question')) };
    if (q.type === 'onlychoice') {
      const options = q.options.map((option, i) => {
        const p = at(at(path, 'options'), i);
        return {
          value: this.optionValue(option.value, at(p, 'value')),
          label: text(option.label, at(p, 'label')),
        };
      });
      return { ...base, type: q.type, options };
    }
    if (q.type === 'yesnogroup') {
      const items = q.yesnogroup.map((item, i) => ({
        ...item,
        question: text(item.question, at(at(at(path, 'yesnogroup'), i), 'question')),
      }));
      return { ...base, type: q.type, yesnogroup: items };
    }
    return base as Question;
  }

  private optionValue(value: string, path: string): string {
    if (!this.idiom || value !== this.idiom.from) return value;
    this.places.push({ path, kind: 'option_value', before: value, after: this.idiom.to });
    return this.idiom.to;
  }

  private relevance(source: string, path: string): string {
    const after = this.expression(source, path, source);
    if (after !== source) this.places.push({ path, kind: 'relevance', before: source, after });
    return after;
  }

  /** A text with `[% %]` placeholders: each placeholder's expression rewritten in place. */
  private template(text: string, path: string): string {
    if (!text.includes('[%')) return text;
    let out = '';
    let i = 0;
    for (let open = text.indexOf('[%'); open >= 0; open = text.indexOf('[%', i)) {
      const close = text.indexOf('%]', open + 2);
      if (close < 0) break;
      out += text.slice(i, open + 2) + this.expression(text.slice(open + 2, close), path, text);
      i = close;
    }
    const after = out + text.slice(i);
    if (after !== text) this.places.push({ path, kind: 'text', before: text, after });
    return after;
  }

  /** One expression with the renamed names (and compared values) replaced, token by token. */
  private expression(source: string, path: string, whole: string): string {
    const lexed = lex(source);
    if (!lexed.ok) {
      if (this.mentions(source)) this.blockers.push({ path, text: whole });
      return source;
    }
    const parsed = parse(source);
    const literals = parsed.ok ? this.comparedLiterals(parsed.expr) : new Set<number>();
    if (
      !parsed.ok &&
      this.idiom &&
      lexed.tokens.some((t) => t.type === 'string' && t.value === this.idiom?.from)
    ) {
      this.blockers.push({ path, text: whole });
      return source;
    }
    let out = '';
    let last = 0;
    for (const token of lexed.tokens) {
      const replacement = this.replacement(token, source, literals);
      if (replacement === null) continue;
      out += source.slice(last, token.offset) + replacement;
      last = token.end;
    }
    return out + source.slice(last);
  }

  private replacement(token: Token, source: string, literals: ReadonlySet<number>): string | null {
    if (token.type === 'identifier') return this.renames.get(token.name) ?? null;
    if (token.type === 'string' && this.idiom && literals.has(token.offset)) {
      const quote = source.charAt(token.offset);
      return `${quote}${this.idiom.to}${quote}`;
    }
    return null;
  }

  /** Offsets of quoted old values compared (`==`, `!=`) with the answer of a question that offers it. */
  private comparedLiterals(expr: Expr): Set<number> {
    const found = new Set<number>();
    const visit = (node: Expr) => {
      if (node.kind === 'not') {
        visit(node.operand);
        return;
      }
      if (node.kind === 'logical') {
        visit(node.left);
        visit(node.right);
        return;
      }
      if (node.kind !== 'compare' || (node.op !== '==' && node.op !== '!=')) return;
      for (const [a, b] of [
        [node.left, node.right],
        [node.right, node.left],
      ] as const) {
        if (
          a.kind === 'variable' &&
          this.choosers.has(a.name) &&
          b.kind === 'literal' &&
          b.value === this.idiom?.from
        )
          found.add(b.offset);
      }
    };
    visit(expr);
    return found;
  }

  /** Whether a text that cannot be read names one of the renamed names. */
  private mentions(source: string): boolean {
    const names = [...this.renames.keys(), ...(this.idiom ? [this.idiom.from] : [])];
    return names.some((name) =>
      new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(
        source,
      ),
    );
  }
}

/** The names an expression reads (question codes, stored answers), in order, once each; null when it does not parse. */
export function namesIn(source: string): string[] | null {
  const parsed = parse(source);
  if (!parsed.ok) return null;
  const names: string[] = [];
  const visit = (node: Expr): void => {
    if (node.kind === 'variable') {
      if (node.name !== SELF && !names.includes(node.name)) names.push(node.name);
    } else if (node.kind === 'not') visit(node.operand);
    else if (node.kind === 'compare' || node.kind === 'logical') {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(parsed.expr);
  return names;
}
