import type { BotBundle, BotConfig, BotNode, QuickReply, TagCodeConfig } from './bot.js';
import {
  at,
  describeType,
  type Issue,
  Issues,
  isRecord,
  readArray,
  readObject,
  readString,
} from './json-read.js';
import type { ChoiceOption, Question, Questionnaire, YesNoGroupItem } from './questionnaire/question.js';
import { isTruthy } from './relevance/values.js';
import { checkExpression, checkTemplate, validateBundle } from './validate.js';

/**
 * The PenhaS importer: a PenhaS bot config (the `twitter_bot_config.config` JSON) and its
 * `quiz_config` rows (already parsed from CSV or JSON into objects; JSON-in-cell columns may still
 * be strings) become a Parley bundle. Every problem is collected with its path in the input
 * (`config.nodes[2].quick_replies[0].metadata`, `quiz[14].relevance`, with `row`), and the result
 * is then validated as a Parley bundle (targets, reachability…) with paths mapped back.
 *
 * Mapping (docs/chatbot.md, "PenhaS compatibility"):
 * - `entry` = nodes[0], `welcome_back` = nodes[1], `restart_questionnaire` = nodes[3].questionnaire_id;
 * - a node with `questionnaire_id` is a questionnaire node (its `type` is not read);
 * - `children`, `parent`, `input_type`, `is_conversation_end`, `on_conversation_end`, `type`
 *   and the top-level `finish_condition` are informational and dropped;
 * - `restart_keywords` is `["reiniciar"]` (hard-coded in PenhaS's webhook);
 * - rows whose status is not `published` are skipped; rows are ordered by `sort`, then `id`;
 * - `botao_fim`: code `FIM…` → `end: finish` (PenhaS's fixed "back to start" button);
 *   `RESET…` → `end: restart` at once, nothing sent; any other → `end: restart` with
 *   `button_label` (default "Enviar"); an end text of one character or less becomes PenhaS's
 *   fallback "Texto de finalização do questionário";
 * - an empty relevance is `1`; relevance `0` is accepted (PenhaS rejected it).
 */
export interface PenhasImportOptions {
  /** Questionnaire id for rows without a `questionnaire_id` column (the CLI's `--questionnaire`). */
  readonly questionnaire_id?: string;
}

export type Converted =
  | { readonly ok: true; readonly bundle: BotBundle; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

const INFORMATIONAL_NODE_KEYS = [
  'children',
  'parent',
  'input_type',
  'is_conversation_end',
  'on_conversation_end',
  'type',
];
const NODE_KEYS = [
  'code',
  'messages',
  'quick_replies',
  'attachment',
  'questionnaire_id',
  ...INFORMATIONAL_NODE_KEYS,
];
const CONFIG_KEYS = [
  'nodes',
  'tag_code_config',
  'timeout_seconds',
  'timeout_message',
  'error_msg',
  'finish_condition',
];
const ROW_KEYS = [
  'id',
  'sort',
  'status',
  'type',
  'code',
  'question',
  'relevance',
  'intro',
  'options',
  'yesnogroup',
  'button_label',
  'questionnaire_id',
];
const END_FALLBACK_TEXT = 'Texto de finalização do questionário';
const DEFAULT_END_LABEL = 'Enviar';

export function convertPenhas(config: unknown, rows: unknown, options: PenhasImportOptions = {}): Converted {
  const issues = new Issues();
  const paths = new PathMap();
  const quiz = readQuiz(rows, options, issues, paths);
  const bot = readConfig(config, quiz, issues, paths);
  if (issues.errors.length > 0 || bot === null) {
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }
  const bundle: BotBundle = { bot, questionnaires: quiz.questionnaires };
  const validated = validateBundle(bundle);
  const warnings = [...issues.warnings, ...validated.warnings.map((w) => paths.translate(w))];
  if (!validated.ok) return { ok: false, errors: validated.errors.map((e) => paths.translate(e)), warnings };
  return { ok: true, bundle: validated.bundle, warnings };
}

/** Maps paths in the Parley bundle back to the PenhaS input (longest prefix wins). */
class PathMap {
  private readonly entries: { from: string; to: string; row?: number }[] = [{ from: 'bot', to: 'config' }];

  add(from: string, to: string, row?: number): void {
    this.entries.push(row === undefined ? { from, to } : { from, to, row });
  }

  translate(issue: Issue): Issue {
    let best: { from: string; to: string; row?: number } | undefined;
    for (const entry of this.entries) {
      const matches =
        issue.path === entry.from ||
        issue.path.startsWith(`${entry.from}.`) ||
        issue.path.startsWith(`${entry.from}[`);
      if (matches && (!best || entry.from.length > best.from.length)) best = entry;
    }
    if (!best) return issue;
    const translated: Issue = { ...issue, path: best.to + issue.path.slice(best.from.length) };
    return best.row === undefined ? translated : { ...translated, row: best.row };
  }
}

interface ReadQuiz {
  readonly questionnaires: Questionnaire[];
  /** Codes of `botao_fim` questions that restart (they need nodes[3]). */
  readonly restartButtons: { code: string; path: string; row: number }[];
}

/** A number, or a string holding one (CSV cells are strings). */
function readNumber(value: unknown, path: string, issues: Issues, row: number): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  issues.error(path, value === undefined ? 'is required' : `must be a number, not ${describeType(value)}`, {
    row,
  });
  return null;
}

/** A JSON column: parsed when it arrives as text; empty is null. */
function readJsonCell(value: unknown, path: string, issues: Issues, row: number): unknown {
  if (typeof value !== 'string') return value ?? null;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value);
  } catch (error) {
    issues.error(path, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, { row });
    return undefined;
  }
}

/** A string column that may be missing or null (empty string then). */
function readText(value: unknown, path: string, issues: Issues, row: number): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  issues.error(path, `must be a string, not ${describeType(value)}`, { row });
  return null;
}

function readQuiz(rows: unknown, options: PenhasImportOptions, issues: Issues, paths: PathMap): ReadQuiz {
  const list = readArray(rows, 'quiz', issues) ?? [];
  const byQuestionnaire = new Map<string, { sort: number; id: number; row: number; question: Question }[]>();
  const restartButtons: ReadQuiz['restartButtons'] = [];
  list.forEach((raw, row) => {
    const path = at('quiz', row);
    if (!isRecord(raw)) {
      issues.error(path, `must be an object, not ${describeType(raw)}`, { row });
      return;
    }
    if (raw.status !== 'published') {
      if (typeof raw.status !== 'string') issues.error(at(path, 'status'), 'is required', { row });
      return;
    }
    for (const key of Object.keys(raw)) {
      if (!ROW_KEYS.includes(key)) issues.warn(at(path, key), 'unknown column, ignored', { row });
    }
    const id = readNumber(raw.id, at(path, 'id'), issues, row);
    const sort = readNumber(raw.sort, at(path, 'sort'), issues, row);
    const questionnaireId = readQuestionnaireId(
      raw.questionnaire_id,
      options,
      at(path, 'questionnaire_id'),
      issues,
      row,
    );
    const question = readRow(raw, path, row, issues, restartButtons);
    if (id === null || sort === null || questionnaireId === null || question === null) return;
    const rowsOf = byQuestionnaire.get(questionnaireId) ?? [];
    rowsOf.push({ sort, id, row, question });
    byQuestionnaire.set(questionnaireId, rowsOf);
  });
  const questionnaires: Questionnaire[] = [];
  [...byQuestionnaire.entries()].forEach(([id, entries], k) => {
    entries.sort((a, b) => a.sort - b.sort || a.id - b.id);
    paths.add(at('questionnaires', k), `quiz (questionnaire ${id})`);
    entries.forEach((entry, j) => {
      paths.add(at(at(at('questionnaires', k), 'questions'), j), at('quiz', entry.row), entry.row);
    });
    questionnaires.push({
      id,
      name: `Questionário ${id}`,
      questions: entries.map((entry) => entry.question),
    });
  });
  return { questionnaires, restartButtons };
}

function readQuestionnaireId(
  value: unknown,
  options: PenhasImportOptions,
  path: string,
  issues: Issues,
  row: number,
): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if ((value === undefined || value === null || value === '') && options.questionnaire_id !== undefined) {
    return options.questionnaire_id;
  }
  issues.error(path, 'is required (or give the questionnaire id for rows without one)', { row });
  return null;
}

function readRow(
  raw: Record<string, unknown>,
  path: string,
  row: number,
  issues: Issues,
  restartButtons: ReadQuiz['restartButtons'],
): Question | null {
  const code = typeof raw.code === 'string' && raw.code.trim() !== '' ? raw.code.trim() : null;
  if (code === null) issues.error(at(path, 'code'), 'must be a non-empty string', { row });
  const text = readText(raw.question, at(path, 'question'), issues, row);
  const rawRelevance = raw.relevance === undefined || raw.relevance === null ? '' : raw.relevance;
  const relevanceText =
    typeof rawRelevance === 'number'
      ? String(rawRelevance)
      : readText(rawRelevance, at(path, 'relevance'), issues, row);
  const relevance = relevanceText === null || relevanceText.trim() === '' ? '1' : relevanceText.trim();
  if (relevanceText !== null) checkExpression(relevance, at(path, 'relevance'), issues, row);
  if (text !== null) checkTemplate(text, at(path, 'question'), issues, row);
  const intro = readIntro(raw.intro, at(path, 'intro'), issues, row);
  if (code === null || text === null || relevanceText === null || intro === null) return null;
  const base = { code, question: text, relevance, ...(intro.length > 0 ? { intro } : {}) };
  switch (raw.type) {
    case 'onlychoice': {
      const options = readOptions(raw.options, at(path, 'options'), issues, row);
      return options === null ? null : { ...base, type: 'onlychoice', options };
    }
    case 'yesnogroup': {
      const items = readYesNoGroup(raw.yesnogroup, at(path, 'yesnogroup'), issues, row);
      return items === null ? null : { ...base, type: 'yesnogroup', yesnogroup: items };
    }
    case 'yesno':
    case 'text':
    case 'displaytext':
    case 'cep_address_lookup':
      return { ...base, type: raw.type };
    case 'botao_fim':
      return readEndButton(raw, base, path, row, issues, restartButtons);
    default:
      issues.error(
        at(path, 'type'),
        typeof raw.type === 'string'
          ? `question type '${raw.type}' is not supported by the anonymous (Twitter) quiz`
          : 'is required',
        { row },
      );
      return null;
  }
}

function readIntro(value: unknown, path: string, issues: Issues, row: number): string[] | null {
  const parsed = readJsonCell(value, path, issues, row);
  if (parsed === undefined) return null;
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    issues.error(path, `must be a list of {"text": …}, not ${describeType(parsed)}`, { row });
    return null;
  }
  const texts = parsed.map((entry, i) => {
    const text = isRecord(entry) ? entry.text : undefined;
    if (typeof text !== 'string') {
      issues.error(at(at(path, i), 'text'), 'must be a string', { row });
      return null;
    }
    checkTemplate(text, at(at(path, i), 'text'), issues, row);
    return text;
  });
  return texts.some((t) => t === null) ? null : texts.filter((t) => t !== null);
}

function readOptions(value: unknown, path: string, issues: Issues, row: number): ChoiceOption[] | null {
  const parsed = readJsonCell(value, path, issues, row);
  if (parsed === undefined) return null;
  if (!Array.isArray(parsed) || parsed.length === 0) {
    issues.error(path, 'must be a non-empty list of {"value": …, "label": …}', { row });
    return null;
  }
  const options = parsed.map((entry, i) => {
    const p = at(path, i);
    if (!isRecord(entry)) {
      issues.error(p, `must be an object, not ${describeType(entry)}`, { row });
      return null;
    }
    const v = typeof entry.value === 'number' ? String(entry.value) : entry.value;
    if (typeof v !== 'string' || v === '') {
      issues.error(at(p, 'value'), 'must be a non-empty string', { row });
      return null;
    }
    if (typeof entry.label !== 'string' || entry.label.trim() === '') {
      issues.error(at(p, 'label'), 'must be a non-empty string', { row });
      return null;
    }
    if (v.includes(',')) {
      issues.warn(
        at(p, 'value'),
        'PenhaS stored values with a comma escaped ("\\,"); Parley stores them as written',
        { row },
      );
    }
    checkTemplate(entry.label, at(p, 'label'), issues, row);
    return { value: v, label: entry.label };
  });
  return options.some((o) => o === null) ? null : options.filter((o) => o !== null);
}

/** Items with a false `Status` are skipped, as PenhaS did. */
function readYesNoGroup(value: unknown, path: string, issues: Issues, row: number): YesNoGroupItem[] | null {
  const parsed = readJsonCell(value, path, issues, row);
  if (parsed === undefined) return null;
  if (!Array.isArray(parsed)) {
    issues.error(path, 'must be a list of {"question", "power2answer", "referencia", "Status"}', { row });
    return null;
  }
  const items: (YesNoGroupItem | null)[] = [];
  parsed.forEach((entry, i) => {
    const p = at(path, i);
    if (!isRecord(entry)) {
      issues.error(p, `must be an object, not ${describeType(entry)}`, { row });
      items.push(null);
      return;
    }
    const status = entry.Status;
    const active =
      typeof status === 'boolean'
        ? status
        : typeof status === 'string' || typeof status === 'number'
          ? isTruthy(status)
          : false;
    if (!active) return;
    const power = readNumber(entry.power2answer, at(p, 'power2answer'), issues, row);
    const question = typeof entry.question === 'string' ? entry.question : null;
    const referencia =
      typeof entry.referencia === 'string' || typeof entry.referencia === 'number'
        ? String(entry.referencia)
        : null;
    if (question === null) issues.error(at(p, 'question'), 'must be a string', { row });
    if (referencia === null) issues.error(at(p, 'referencia'), 'must be a string', { row });
    items.push(
      power === null || question === null || referencia === null
        ? null
        : { question, power2answer: power, referencia },
    );
  });
  if (items.some((item) => item === null)) return null;
  const active = items.filter((item) => item !== null);
  if (active.length === 0) {
    issues.error(path, 'has no item with a true Status', { row });
    return null;
  }
  return active;
}

function readEndButton(
  raw: Record<string, unknown>,
  base: { code: string; question: string; relevance: string; intro?: string[] },
  path: string,
  row: number,
  issues: Issues,
  restartButtons: ReadQuiz['restartButtons'],
): Question | null {
  const label = readText(raw.button_label, at(path, 'button_label'), issues, row);
  if (label === null) return null;
  const text = base.question.length > 1 ? base.question : END_FALLBACK_TEXT;
  if (base.code.startsWith('FIM')) {
    return { ...base, question: text, type: 'botao_fim', end: 'finish', button_label: null };
  }
  restartButtons.push({ code: base.code, path, row });
  if (base.code.startsWith('RESET')) {
    if (base.question.trim() !== '') {
      issues.warn(at(path, 'question'), 'PenhaS sends nothing for a RESET button; the text is dropped', {
        row,
      });
    }
    return { ...base, question: '', type: 'botao_fim', end: 'restart', button_label: null };
  }
  return {
    ...base,
    question: text,
    type: 'botao_fim',
    end: 'restart',
    button_label: label || DEFAULT_END_LABEL,
  };
}

function readConfig(value: unknown, quiz: ReadQuiz, issues: Issues, paths: PathMap): BotConfig | null {
  const config = readObject(value, 'config', issues);
  if (config === null) return null;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) issues.warn(at('config', key), 'unknown key, ignored');
  }
  const rawNodes = readArray(config.nodes, 'config.nodes', issues) ?? [];
  const nodes = rawNodes.map((node, i) => readNode(node, at('config.nodes', i), issues));
  nodes.forEach((_node, i) => {
    paths.add(at('bot.nodes', i), at('config.nodes', i));
  });
  paths.add('bot.entry', 'config.nodes[0].code');
  paths.add('bot.welcome_back', 'config.nodes[1].code');
  paths.add('bot.restart_questionnaire', 'config.nodes[3].questionnaire_id');

  const entry = nodes[0];
  const welcomeBack = nodes[1];
  if (rawNodes.length < 2) {
    issues.error(
      'config.nodes',
      `PenhaS uses nodes[0] as the entry and nodes[1] as welcome-back; found ${rawNodes.length} node(s)`,
    );
  }
  const restartNode = nodes[3];
  let restart: string | null = null;
  if (restartNode?.type === 'questionnaire') {
    restart = restartNode.questionnaire_id;
  } else if (quiz.restartButtons.length > 0) {
    for (const button of quiz.restartButtons) {
      issues.error(
        at(button.path, 'code'),
        `end button '${button.code}' restarts the questionnaire of nodes[3], but nodes[3] is not a questionnaire node`,
        { row: button.row },
      );
    }
  }
  const ids = new Set(quiz.questionnaires.map((q) => q.id));
  nodes.forEach((node, i) => {
    if (node?.type === 'questionnaire' && !ids.has(node.questionnaire_id)) {
      issues.error(
        at(at('config.nodes', i), 'questionnaire_id'),
        `questionnaire '${node.questionnaire_id}' has no published quiz_config rows`,
      );
    }
  });

  const timeout = config.timeout_seconds;
  const timeoutSeconds =
    typeof timeout === 'number' || (typeof timeout === 'string' && /^\d+$/.test(timeout.trim()))
      ? Number(timeout)
      : null;
  if (timeoutSeconds === null || !Number.isInteger(timeoutSeconds) || timeoutSeconds < 0) {
    issues.error('config.timeout_seconds', 'must be a whole number of seconds');
  }
  const timeoutMessage = readString(config.timeout_message, 'config.timeout_message', issues);
  const errorMsg = readString(config.error_msg, 'config.error_msg', issues, { nonEmpty: true });
  const tags = readTags(config.tag_code_config, issues);
  if (
    !entry ||
    !welcomeBack ||
    nodes.some((n) => n === null) ||
    timeoutSeconds === null ||
    timeoutMessage === null ||
    errorMsg === null ||
    tags === null
  ) {
    return null;
  }
  return {
    entry: entry.code,
    welcome_back: welcomeBack.code,
    restart_questionnaire: restart,
    timeout_seconds: timeoutSeconds,
    timeout_message: timeoutMessage,
    error_msg: errorMsg,
    restart_keywords: ['reiniciar'],
    end_message: null,
    nodes: nodes.filter((n): n is BotNode => n !== null),
    tag_code_config: tags,
  };
}

function readNode(value: unknown, path: string, issues: Issues): BotNode | null {
  const node = readObject(value, path, issues);
  if (node === null) return null;
  for (const key of Object.keys(node)) {
    if (!NODE_KEYS.includes(key)) issues.warn(at(path, key), 'unknown key, ignored');
  }
  const code = readString(node.code, at(path, 'code'), issues, { nonEmpty: true });
  const qid = node.questionnaire_id;
  if (qid !== undefined && qid !== null && qid !== '') {
    const id =
      typeof qid === 'number' && Number.isInteger(qid)
        ? String(qid)
        : typeof qid === 'string'
          ? qid.trim()
          : null;
    if (id === null) issues.error(at(path, 'questionnaire_id'), 'must be a string or an integer');
    return code === null || id === null ? null : { code, type: 'questionnaire', questionnaire_id: id };
  }
  const messages = readArray(node.messages, at(path, 'messages'), issues);
  const texts = (messages ?? []).map((m, i) => readString(m, at(at(path, 'messages'), i), issues));
  const rawReplies =
    node.quick_replies === undefined || node.quick_replies === null
      ? []
      : readArray(node.quick_replies, at(path, 'quick_replies'), issues);
  const replies = (rawReplies ?? []).map((r, i) => readReply(r, at(at(path, 'quick_replies'), i), issues));
  let attachment: string | null = null;
  if (typeof node.attachment === 'string' || typeof node.attachment === 'number')
    attachment = String(node.attachment);
  else if (node.attachment !== undefined && node.attachment !== null) {
    issues.error(at(path, 'attachment'), 'must be a media id (string or number)');
  }
  if (
    code === null ||
    messages === null ||
    rawReplies === null ||
    texts.some((t) => t === null) ||
    replies.some((r) => r === null)
  ) {
    return null;
  }
  return {
    code,
    type: 'text_message',
    messages: texts.filter((t) => t !== null),
    quick_replies: replies.filter((r): r is QuickReply => r !== null),
    attachment,
  };
}

function readReply(value: unknown, path: string, issues: Issues): QuickReply | null {
  const reply = readObject(value, path, issues);
  if (reply === null) return null;
  const label = readString(reply.label, at(path, 'label'), issues, { nonEmpty: true });
  const metadata = readString(reply.metadata, at(path, 'metadata'), issues, { nonEmpty: true });
  return label === null || metadata === null ? null : { label, metadata };
}

/** Missing: default 0 and no scenarios (PenhaS then tagged everything 0). */
function readTags(value: unknown, issues: Issues): TagCodeConfig | null {
  if (value === undefined || value === null) {
    issues.warn('config.tag_code_config', 'missing: every conversation gets tag 0');
    return { default: 0, scenarios: [] };
  }
  const config = readObject(value, 'config.tag_code_config', issues);
  if (config === null) return null;
  const fallback = config.default === undefined ? 0 : config.default;
  if (typeof fallback !== 'number' || !Number.isInteger(fallback)) {
    issues.error('config.tag_code_config.default', 'must be an integer');
    return null;
  }
  const list = readArray(config.scenarios ?? [], 'config.tag_code_config.scenarios', issues);
  if (list === null) return null;
  const scenarios = list.map((s, i) => {
    const p = at('config.tag_code_config.scenarios', i);
    if (!isRecord(s) || typeof s.tag_code_value !== 'number' || typeof s.check_code !== 'string') {
      issues.error(p, 'must be {"tag_code_value": integer, "check_code": string}');
      return null;
    }
    return { tag_code_value: s.tag_code_value, check_code: s.check_code };
  });
  return scenarios.some((s) => s === null)
    ? null
    : { default: fallback, scenarios: scenarios.filter((s) => s !== null) };
}
