import type { BotBundle, BotConfig, BotNode, QuickReply } from './bot.js';
import type { ChoiceOption, Question, Questionnaire, YesNoGroupItem } from './questionnaire/question.js';

/**
 * What changed between two bundles (two revisions, or a revision and a draft), as the Revisions
 * tab lists it: bot settings, nodes, questionnaires, their questions, options, quick replies and
 * yes/no items — added, removed or changed, each change naming its field with the value before
 * and after. Things are matched by what identifies them: nodes by code, questionnaires by id,
 * questions by code (a code used twice: by occurrence), options by value, quick replies by the
 * node they lead to, yes/no items by `referencia`. A renamed question is a removal and an addition.
 */
export interface BundleDiff {
  readonly settings: readonly FieldChange[];
  readonly nodes: ListDiff<NodeRef, NodeChange>;
  readonly questionnaires: ListDiff<QuestionnaireRef, QuestionnaireChange>;
}

export interface FieldChange {
  /** A key of the thing changed (`messages`, `relevance`…). */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ListDiff<Ref, Change> {
  readonly added: readonly Ref[];
  readonly removed: readonly Ref[];
  readonly changed: readonly Change[];
  /**
   * Where order matters (questions, options, quick replies, yes/no items) and it changed: the keys
   * both sides have, in the old order and in the new.
   */
  readonly order: { readonly before: readonly string[]; readonly after: readonly string[] } | null;
}

export interface NodeRef {
  readonly code: string;
  readonly type: BotNode['type'];
}

export interface NodeChange {
  readonly code: string;
  readonly fields: readonly FieldChange[];
  readonly quick_replies: ListDiff<QuickReply, KeyedChange>;
}

export interface QuestionnaireRef {
  readonly id: string;
  readonly name: string;
}

export interface QuestionnaireChange {
  readonly id: string;
  readonly fields: readonly FieldChange[];
  readonly questions: ListDiff<QuestionRef, QuestionChange>;
}

export interface QuestionRef {
  readonly code: string;
  readonly type: Question['type'];
  readonly question: string;
}

export interface QuestionChange {
  readonly code: string;
  readonly fields: readonly FieldChange[];
  readonly options: ListDiff<ChoiceOption, KeyedChange>;
  readonly items: ListDiff<YesNoGroupItem, KeyedChange>;
}

/** A changed element of a small list (an option, a quick reply, a yes/no item), by its key. */
export interface KeyedChange {
  readonly key: string;
  readonly fields: readonly FieldChange[];
}

export function diffBundles(before: BotBundle, after: BotBundle): BundleDiff {
  return {
    settings: diffSettings(before.bot, after.bot),
    nodes: diffList(before.bot.nodes, after.bot.nodes, (node) => node.code, {
      ref: (node) => ({ code: node.code, type: node.type }),
      change: diffNode,
      ordered: false,
    }),
    questionnaires: diffList(before.questionnaires, after.questionnaires, (q) => q.id, {
      ref: (q) => ({ id: q.id, name: q.name }),
      change: diffQuestionnaire,
      ordered: false,
    }),
  };
}

/** True when nothing changed. */
export function isEmptyDiff(diff: BundleDiff): boolean {
  return (
    diff.settings.length === 0 &&
    diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length === 0 &&
    diff.questionnaires.added.length +
      diff.questionnaires.removed.length +
      diff.questionnaires.changed.length ===
      0
  );
}

/** Absent and null, an empty `labels` and none, mean the same. */
const SETTING_DEFAULTS: Readonly<Record<string, unknown>> = { end_message: null, labels: {} };

function diffSettings(before: BotConfig, after: BotConfig): FieldChange[] {
  return diffFields(before, after, ['nodes'], SETTING_DEFAULTS);
}

function diffNode(before: BotNode, after: BotNode): NodeChange | null {
  const fields = diffFields(before, after, ['code', 'quick_replies'], { attachment: null });
  const quickReplies = diffSmallList(
    before.type === 'text_message' ? before.quick_replies : [],
    after.type === 'text_message' ? after.quick_replies : [],
    (reply) => reply.metadata,
  );
  if (fields.length === 0 && isEmptyList(quickReplies)) return null;
  return { code: after.code, fields, quick_replies: quickReplies };
}

function diffQuestionnaire(before: Questionnaire, after: Questionnaire): QuestionnaireChange | null {
  const fields = diffFields(before, after, ['id', 'questions'], {});
  const questions = diffList(before.questions, after.questions, (q) => q.code, {
    ref: (q) => ({ code: q.code, type: q.type, question: q.question }),
    change: diffQuestion,
    ordered: true,
  });
  if (fields.length === 0 && isEmptyList(questions)) return null;
  return { id: after.id, fields, questions };
}

/** Absent and empty relevance mean `1`; absent intro, none; absent button label, null. */
const QUESTION_DEFAULTS: Readonly<Record<string, unknown>> = {
  relevance: '1',
  intro: [],
  button_label: null,
};

function diffQuestion(before: Question, after: Question): QuestionChange | null {
  const fields = diffFields(
    normalQuestion(before),
    normalQuestion(after),
    ['code', 'options', 'yesnogroup'],
    QUESTION_DEFAULTS,
  );
  const options = diffSmallList(
    before.type === 'onlychoice' ? before.options : [],
    after.type === 'onlychoice' ? after.options : [],
    (option) => option.value,
  );
  const items = diffSmallList(
    before.type === 'yesnogroup' ? before.yesnogroup : [],
    after.type === 'yesnogroup' ? after.yesnogroup : [],
    (item) => item.referencia,
  );
  if (fields.length === 0 && isEmptyList(options) && isEmptyList(items)) return null;
  return { code: after.code, fields, options, items };
}

function normalQuestion(question: Question): Question {
  const relevance = question.relevance?.trim();
  return relevance === undefined || relevance === '' ? { ...question, relevance: '1' } : question;
}

function isEmptyList(list: ListDiff<unknown, unknown>): boolean {
  return (
    list.added.length === 0 && list.removed.length === 0 && list.changed.length === 0 && list.order === null
  );
}

/**
 * Matches two lists by key (a key used twice is told apart by its occurrence): what only the old
 * one has was removed, what only the new one has was added, and `change` says how a pair differs
 * (null: not at all).
 */
function diffList<T, Ref, Change>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
  how: { ref: (item: T) => Ref; change: (before: T, after: T) => Change | null; ordered: boolean },
): ListDiff<Ref, Change> {
  const old = keyed(before, keyOf);
  const now = keyed(after, keyOf);
  const changed: Change[] = [];
  for (const [key, item] of now) {
    const was = old.get(key);
    const change = was === undefined ? null : how.change(was, item);
    if (change !== null) changed.push(change);
  }
  return {
    added: [...now].filter(([key]) => !old.has(key)).map(([, item]) => how.ref(item)),
    removed: [...old].filter(([key]) => !now.has(key)).map(([, item]) => how.ref(item)),
    changed,
    order: how.ordered ? orderChange([...old.keys()], [...now.keys()]) : null,
  };
}

/** Options, quick replies, yes/no items: whole elements added or removed, fields changed, order. */
function diffSmallList<T extends object>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
): ListDiff<T, KeyedChange> {
  return diffList(before, after, keyOf, {
    ref: (item) => item,
    change: (was, item): KeyedChange | null => {
      const fields = diffFields(was, item, [], {});
      return fields.length === 0 ? null : { key: keyOf(item), fields };
    },
    ordered: true,
  });
}

/** Items by key; the second of a key is `key#2`, and so on. */
function keyed<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out.set(n === 1 ? key : `${key}#${n}`, item);
  }
  return out;
}

/** The keys both lists have, in each order, when the orders differ. */
function orderChange(
  oldKeys: readonly string[],
  newKeys: readonly string[],
): ListDiff<unknown, unknown>['order'] {
  const common = new Set(oldKeys.filter((key) => newKeys.includes(key)));
  const was = oldKeys.filter((key) => common.has(key));
  const now = newKeys.filter((key) => common.has(key));
  return sameValue(was, now) ? null : { before: was, after: now };
}

/** Every key but `skip` whose value differs (a missing key taken as its default, else null). */
function diffFields(
  before: object,
  after: object,
  skip: readonly string[],
  defaults: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((key) => !skip.includes(key));
  const read = (record: Record<string, unknown>, key: string) => record[key] ?? defaults[key] ?? null;
  return keys
    .filter((key) => !sameValue(read(old, key), read(now, key)))
    .map((key) => ({ field: key, before: read(old, key), after: read(now, key) }));
}

/** Deep equality of JSON values; object keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => sameValue(left[key] ?? null, right[key] ?? null));
}
