import type { BotBundle, BotNode, Question, Questionnaire, QuestionType } from './engine.js';

/**
 * The draft as the studio edits it: Parley's bundle (`{bot, questionnaires}`, plus whatever other
 * top-level keys the JSON editor left, kept as they are). Every change makes a new object (React
 * state); what the engine's validator says of it is shown beside, never enforced while editing.
 */
export type EditableBundle = BotBundle & { readonly [key: string]: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The draft when it has the bundle's shape — a bot with a list of nodes, questionnaires with an id,
 * a name and questions that each have a code and a type — so the forms can edit it; null when only
 * the JSON editor can (its validation says what is wrong).
 */
export function asEditable(bundle: unknown): EditableBundle | null {
  if (!isRecord(bundle) || !isRecord(bundle.bot) || !Array.isArray(bundle.bot.nodes)) return null;
  if (!Array.isArray(bundle.questionnaires)) return null;
  const shaped = bundle.questionnaires.every(
    (q) =>
      isRecord(q) &&
      typeof q.id === 'string' &&
      typeof q.name === 'string' &&
      Array.isArray(q.questions) &&
      q.questions.every(
        (question) =>
          isRecord(question) && typeof question.code === 'string' && typeof question.type === 'string',
      ),
  );
  return shaped ? (bundle as EditableBundle) : null;
}

/** A new bundle with questionnaire `qi` changed by `change`. */
export function withQuestionnaire(
  bundle: EditableBundle,
  qi: number,
  change: (questionnaire: Questionnaire) => Questionnaire,
): EditableBundle {
  return {
    ...bundle,
    questionnaires: bundle.questionnaires.map((q, i) => (i === qi ? change(q) : q)),
  };
}

/** A new bundle whose questionnaire `qi` has these questions. */
export function withQuestions(
  bundle: EditableBundle,
  qi: number,
  change: (questions: readonly Question[]) => readonly Question[],
): EditableBundle {
  return withQuestionnaire(bundle, qi, (q) => ({ ...q, questions: change(q.questions) }));
}

export function replaceQuestion(
  bundle: EditableBundle,
  qi: number,
  index: number,
  question: Question,
): EditableBundle {
  return withQuestions(bundle, qi, (questions) => questions.map((q, i) => (i === index ? question : q)));
}

/** Moves a question: the order of the list is the order questions are asked in (PenhaS's `sort`). */
export function moveQuestion(bundle: EditableBundle, qi: number, from: number, to: number): EditableBundle {
  return withQuestions(bundle, qi, (questions) => moveItem(questions, from, to));
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const list = [...items];
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return list;
  const [moved] = list.splice(from, 1);
  list.splice(to, 0, moved as T);
  return list;
}

export function insertQuestion(
  bundle: EditableBundle,
  qi: number,
  at: number,
  question: Question,
): EditableBundle {
  return withQuestions(bundle, qi, (questions) => [
    ...questions.slice(0, at),
    question,
    ...questions.slice(at),
  ]);
}

export function deleteQuestion(bundle: EditableBundle, qi: number, index: number): EditableBundle {
  return withQuestions(bundle, qi, (questions) => questions.filter((_, i) => i !== index));
}

/** A copy of question `index` right after it, under a code no question of the questionnaire has. */
export function duplicateQuestion(bundle: EditableBundle, qi: number, index: number): EditableBundle {
  const questions = bundle.questionnaires[qi]?.questions ?? [];
  const original = questions[index];
  if (!original) return bundle;
  const copy = {
    ...structuredClone(original),
    code: freeCode(questions, `${original.code}_copy`),
  } as Question;
  return insertQuestion(bundle, qi, index + 1, copy);
}

/** `base` when no question uses it, else `base2`, `base3`… */
export function freeCode(questions: readonly Question[], base: string): string {
  const used = new Set(questions.map((q) => q.code));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

/** The next `P<n>` code of a questionnaire. */
export function nextCode(questions: readonly Question[]): string {
  const used = new Set(questions.map((q) => q.code));
  for (let n = questions.length + 1; ; n++) if (!used.has(`P${n}`)) return `P${n}`;
}

/** A new question of a type: the fields its form shows, empty (the validator says what is missing). */
export function newQuestion(type: QuestionType, code: string): Question {
  return withType({ code, type: 'text', question: '' }, type);
}

/**
 * The question as another type: code, text, relevance and intro kept; the fields of the old type
 * dropped and the new type's added (options, items, end action).
 */
export function withType(question: Question, type: QuestionType): Question {
  const { code, question: text, relevance, intro } = question;
  const base = {
    code,
    question: text,
    ...(relevance !== undefined ? { relevance } : {}),
    ...(intro !== undefined ? { intro } : {}),
  };
  switch (type) {
    case 'onlychoice':
      return {
        ...base,
        type,
        options: question.type === 'onlychoice' ? question.options : [{ value: '', label: '' }],
      };
    case 'yesnogroup':
      return {
        ...base,
        type,
        yesnogroup:
          question.type === 'yesnogroup'
            ? question.yesnogroup
            : [{ question: '', power2answer: 1, referencia: '' }],
      };
    case 'botao_fim':
      return {
        ...base,
        type,
        end: question.type === 'botao_fim' ? question.end : 'finish',
        button_label: null,
      };
    default:
      return { ...base, type };
  }
}

/** The smallest power of two no item of a yes/no group uses. */
export function freePower(items: readonly { power2answer: number }[]): number {
  const used = new Set(items.map((item) => item.power2answer));
  let power = 1;
  while (used.has(power)) power *= 2;
  return power;
}

export interface NewQuestionnaire {
  readonly id: string;
  readonly name: string;
  /** A button on the entry message that starts it (null: none; the flow canvas can link it later). */
  readonly startLabel: string | null;
}

/**
 * Adds an empty questionnaire, and — when asked — a questionnaire node for it with a button on the
 * entry message leading there, so it can be reached (and tried in the simulator) at once.
 */
export function addQuestionnaire(bundle: EditableBundle, input: NewQuestionnaire): EditableBundle {
  const questionnaires = [...bundle.questionnaires, { id: input.id, name: input.name, questions: [] }];
  if (input.startLabel === null) return { ...bundle, questionnaires };
  const codes = new Set(bundle.bot.nodes.map((node) => node.code));
  let nodeCode = `node_${input.id}`;
  for (let n = 2; codes.has(nodeCode); n++) nodeCode = `node_${input.id}_${n}`;
  const hand: BotNode = { code: nodeCode, type: 'questionnaire', questionnaire_id: input.id };
  const label = input.startLabel;
  const nodes = bundle.bot.nodes.map((node) =>
    node.code === bundle.bot.entry && node.type === 'text_message'
      ? { ...node, quick_replies: [...node.quick_replies, { label, metadata: nodeCode }] }
      : node,
  );
  return { ...bundle, bot: { ...bundle.bot, nodes: [...nodes, hand] }, questionnaires };
}

/** An id no questionnaire has: `q1`, `q2`… */
export function freeQuestionnaireId(bundle: EditableBundle): string {
  const used = new Set(bundle.questionnaires.map((q) => q.id));
  for (let n = bundle.questionnaires.length + 1; ; n++) if (!used.has(`q${n}`)) return `q${n}`;
}

/** The JSON path of a question (as the validator names it) and whether an issue path is in it. */
export function questionPath(qi: number, index: number): string {
  return `questionnaires[${qi}].questions[${index}]`;
}

export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
