import type { BotBundle, BotConfig, BotNode, QuickReply, SystemLabels, TagCodeConfig } from './bot.js';
import { DEFAULT_LABELS } from './bot.js';
import { CHANNEL_LIMITS, type ChannelName, labelLength } from './channels.js';
import {
  at,
  checkKeys,
  type Issue,
  Issues,
  isRecord,
  readArray,
  readInteger,
  readObject,
  readString,
  readStringArray,
} from './json-read.js';
import type { BotProblem } from './problems.js';
import { NEAR_WANTED_LIMITS } from './questionnaire/cep.js';
import { QUESTION_TYPES } from './questionnaire/kinds/index.js';
import type {
  ChoiceOption,
  Question,
  Questionnaire,
  QuestionType,
  YesNoGroupItem,
} from './questionnaire/question.js';
import { parseTemplate } from './relevance/interpolate.js';
import { parse } from './relevance/parser.js';

export interface ValidateOptions {
  /** Channels the bot is attached to: their button limits are checked. */
  readonly channels?: readonly ChannelName[];
}

export type Validated =
  | { readonly ok: true; readonly bundle: BotBundle; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

/**
 * Validates a bot bundle (`{ bot, questionnaires }`, Parley's own format) as it arrives from JSON,
 * reporting every problem at once with its JSON path: structure and types, unknown node targets,
 * unreachable nodes, missing questionnaires, relevance and placeholder syntax errors (with their
 * position), yes/no group consistency, and the button limits of the given channels.
 */
export function validateBundle(input: unknown, options: ValidateOptions = {}): Validated {
  const issues = new Issues();
  const root = readObject(input, '$', issues);
  if (root === null) return { ok: false, errors: issues.errors, warnings: issues.warnings };
  checkKeys(root, ['$schema', 'bot', 'questionnaires'], '', issues);
  const rawQuestionnaires = readArray(root.questionnaires, 'questionnaires', issues) ?? [];
  const questionnaires = rawQuestionnaires.map((q, i) =>
    readQuestionnaire(q, at('questionnaires', i), issues),
  );
  const bot = readBot(root.bot, 'bot', issues);

  const declaredQuestionnaires = rawQuestionnaires.flatMap((q) =>
    isRecord(q) && typeof q.id === 'string' ? [q.id] : [],
  );
  checkDuplicates(
    declaredQuestionnaires,
    (i) => at(at('questionnaires', i), 'id'),
    (id) => ({ code: 'duplicate_questionnaire_id', params: { id } }),
    issues,
  );
  if (bot !== null) checkGraph(bot, root.bot, declaredQuestionnaires, issues);
  for (const channel of options.channels ?? []) {
    checkChannel(channel, bot, questionnaires, issues);
  }

  const good: Questionnaire[] = [];
  for (const q of questionnaires) {
    const questions = q?.questions.filter((question) => question !== null) ?? [];
    if (q?.complete && questions.length === q.questions.length) {
      good.push({ id: q.id, name: q.name, questions });
    }
  }
  if (issues.errors.length > 0 || bot === null || good.length !== questionnaires.length) {
    return { ok: false, errors: issues.errors, warnings: issues.warnings };
  }
  return { ok: true, bundle: { bot: bot.config, questionnaires: good }, warnings: issues.warnings };
}

/** A questionnaire as read: questions at their input positions (null where broken). */
interface ReadQuestionnaire {
  readonly id: string;
  readonly name: string;
  readonly questions: readonly (Question | null)[];
  /** False when the questionnaire itself (not a question) has an error. */
  readonly complete: boolean;
}

/** The bot as read, with its nodes kept at their input positions (null where broken). */
interface ReadBot {
  readonly config: BotConfig;
  readonly nodes: readonly (BotNode | null)[];
}

const BOT_KEYS = [
  'entry',
  'welcome_back',
  'restart_questionnaire',
  'timeout_seconds',
  'timeout_message',
  'error_msg',
  'restart_keywords',
  'end_message',
  'labels',
  'nodes',
  'tag_code_config',
];

function readBot(value: unknown, path: string, issues: Issues): ReadBot | null {
  const bot = readObject(value, path, issues);
  if (bot === null) return null;
  checkKeys(bot, BOT_KEYS, path, issues);
  const entry = readString(bot.entry, at(path, 'entry'), issues, { nonEmpty: true });
  const welcomeBack = readString(bot.welcome_back, at(path, 'welcome_back'), issues, { nonEmpty: true });
  const restart =
    bot.restart_questionnaire === null
      ? null
      : readString(bot.restart_questionnaire, at(path, 'restart_questionnaire'), issues, { nonEmpty: true });
  const timeoutSeconds = readInteger(bot.timeout_seconds, at(path, 'timeout_seconds'), issues, { min: 0 });
  const timeoutMessage = readString(bot.timeout_message, at(path, 'timeout_message'), issues);
  const errorMsg = readString(bot.error_msg, at(path, 'error_msg'), issues, { nonEmpty: true });
  const keywords = readStringArray(bot.restart_keywords, at(path, 'restart_keywords'), issues);
  const endMessage =
    bot.end_message === undefined || bot.end_message === null
      ? null
      : readString(bot.end_message, at(path, 'end_message'), issues);
  const labels = bot.labels === undefined ? {} : readLabels(bot.labels, at(path, 'labels'), issues);
  const rawNodes = readArray(bot.nodes, at(path, 'nodes'), issues) ?? [];
  const nodes = rawNodes.map((node, i) => readNode(node, at(at(path, 'nodes'), i), issues));
  const tags = readTagConfig(bot.tag_code_config, at(path, 'tag_code_config'), issues);
  if (
    entry === null ||
    welcomeBack === null ||
    (restart === null && bot.restart_questionnaire !== null) ||
    timeoutSeconds === null ||
    timeoutMessage === null ||
    errorMsg === null ||
    keywords === null ||
    labels === null ||
    tags === null
  ) {
    return null;
  }
  const config: BotConfig = {
    entry,
    welcome_back: welcomeBack,
    restart_questionnaire: restart,
    timeout_seconds: timeoutSeconds,
    timeout_message: timeoutMessage,
    error_msg: errorMsg,
    restart_keywords: keywords,
    end_message: endMessage,
    labels,
    nodes: nodes.filter((node): node is BotNode => node !== null),
    tag_code_config: tags,
  };
  return { config, nodes };
}

function readLabels(value: unknown, path: string, issues: Issues): Partial<SystemLabels> | null {
  const labels = readObject(value, path, issues);
  if (labels === null) return null;
  const allowed = Object.keys(DEFAULT_LABELS) as (keyof SystemLabels)[];
  checkKeys(labels, allowed, path, issues);
  const out: Partial<Record<keyof SystemLabels, string>> = {};
  for (const key of allowed) {
    if (labels[key] === undefined) continue;
    const text = readString(labels[key], at(path, key), issues, { nonEmpty: true });
    if (text !== null) out[key] = text;
  }
  return out;
}

function readTagConfig(value: unknown, path: string, issues: Issues): TagCodeConfig | null {
  const config = readObject(value, path, issues);
  if (config === null) return null;
  checkKeys(config, ['default', 'scenarios'], path, issues);
  const fallback = readInteger(config.default, at(path, 'default'), issues, { min: 0 });
  const scenarios = (readArray(config.scenarios, at(path, 'scenarios'), issues) ?? []).map((s, i) => {
    const p = at(at(path, 'scenarios'), i);
    const scenario = readObject(s, p, issues);
    if (scenario === null) return null;
    checkKeys(scenario, ['tag_code_value', 'check_code'], p, issues);
    const value = readInteger(scenario.tag_code_value, at(p, 'tag_code_value'), issues, { min: 0 });
    const code = readString(scenario.check_code, at(p, 'check_code'), issues, { nonEmpty: true });
    return value === null || code === null ? null : { tag_code_value: value, check_code: code };
  });
  if (fallback === null || scenarios.some((s) => s === null)) return null;
  return { default: fallback, scenarios: scenarios.filter((s) => s !== null) };
}

function readNode(value: unknown, path: string, issues: Issues): BotNode | null {
  const node = readObject(value, path, issues);
  if (node === null) return null;
  const code = readString(node.code, at(path, 'code'), issues, { nonEmpty: true });
  if (node.type === 'questionnaire') {
    checkKeys(node, ['code', 'type', 'questionnaire_id'], path, issues);
    const id = readString(node.questionnaire_id, at(path, 'questionnaire_id'), issues, { nonEmpty: true });
    return code === null || id === null ? null : { code, type: 'questionnaire', questionnaire_id: id };
  }
  if (node.type !== 'text_message') {
    issues.error(at(path, 'type'), { code: 'node_type' });
    return null;
  }
  checkKeys(node, ['code', 'type', 'messages', 'quick_replies', 'attachment'], path, issues);
  const messages = readStringArray(node.messages, at(path, 'messages'), issues);
  if (messages !== null && messages.length === 0) issues.error(at(path, 'messages'), { code: 'no_messages' });
  const replies = (readArray(node.quick_replies, at(path, 'quick_replies'), issues) ?? []).map((r, i) =>
    readQuickReply(r, at(at(path, 'quick_replies'), i), issues),
  );
  const attachment =
    node.attachment === undefined || node.attachment === null
      ? null
      : readString(node.attachment, at(path, 'attachment'), issues);
  if (code === null || messages === null || replies.some((r) => r === null)) return null;
  return {
    code,
    type: 'text_message',
    messages,
    quick_replies: replies.filter((r): r is QuickReply => r !== null),
    attachment,
  };
}

function readQuickReply(value: unknown, path: string, issues: Issues): QuickReply | null {
  const reply = readObject(value, path, issues);
  if (reply === null) return null;
  checkKeys(reply, ['label', 'metadata'], path, issues);
  const label = readString(reply.label, at(path, 'label'), issues, { nonEmpty: true });
  const metadata = readString(reply.metadata, at(path, 'metadata'), issues, { nonEmpty: true });
  return label === null || metadata === null ? null : { label, metadata };
}

function readQuestionnaire(value: unknown, path: string, issues: Issues): ReadQuestionnaire | null {
  const q = readObject(value, path, issues);
  if (q === null) return null;
  checkKeys(q, ['id', 'name', 'questions'], path, issues);
  const id = readString(q.id, at(path, 'id'), issues, { nonEmpty: true });
  const name = readString(q.name, at(path, 'name'), issues);
  const rawQuestions = readArray(q.questions, at(path, 'questions'), issues) ?? [];
  const questions = rawQuestions.map((question, i) =>
    readQuestion(question, at(at(path, 'questions'), i), issues),
  );
  const codes = rawQuestions.map((question) =>
    isRecord(question) && typeof question.code === 'string' ? question.code : '',
  );
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    if (code !== '' && seen.has(code)) {
      issues.warn(at(at(at(path, 'questions'), i), 'code'), {
        code: 'duplicate_question_code',
        params: { code },
      });
    }
    seen.add(code);
  });
  return { id: id ?? '', name: name ?? '', questions, complete: id !== null && name !== null };
}

const COMMON_KEYS = ['code', 'type', 'question', 'relevance', 'intro'];
const EXTRA_KEYS: { readonly [T in QuestionType]: readonly string[] } = {
  onlychoice: ['options'],
  yesno: [],
  yesnogroup: ['yesnogroup'],
  text: [],
  displaytext: [],
  botao_fim: ['end', 'button_label'],
  cep_address_lookup: ['points', 'radius_km'],
};

function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === 'string' && (QUESTION_TYPES as readonly string[]).includes(value);
}

function readQuestion(value: unknown, path: string, issues: Issues): Question | null {
  const q = readObject(value, path, issues);
  if (q === null) return null;
  const code = readString(q.code, at(path, 'code'), issues, { nonEmpty: true });
  if (!isQuestionType(q.type)) {
    issues.error(at(path, 'type'), { code: 'question_type', params: { types: QUESTION_TYPES.join(', ') } });
    return null;
  }
  const type = q.type;
  checkKeys(q, [...COMMON_KEYS, ...EXTRA_KEYS[type]], path, issues);
  const text = readString(q.question, at(path, 'question'), issues);
  if (text !== null) checkTemplate(text, at(path, 'question'), issues);
  const needsText = ['onlychoice', 'yesno', 'text', 'cep_address_lookup'].includes(type);
  if (text !== null && needsText && text.trim() === '') issues.error(at(path, 'question'), { code: 'empty' });
  let relevance: string | undefined;
  if (q.relevance !== undefined) {
    const source = readString(q.relevance, at(path, 'relevance'), issues);
    if (source !== null && source.trim() !== '') checkExpression(source, at(path, 'relevance'), issues);
    relevance = source ?? undefined;
  }
  let intro: string[] | undefined;
  if (q.intro !== undefined) {
    intro = readStringArray(q.intro, at(path, 'intro'), issues) ?? undefined;
    intro?.forEach((line, i) => {
      checkTemplate(line, at(at(path, 'intro'), i), issues);
    });
  }
  if (code === null || text === null) return null;
  const base = {
    code,
    question: text,
    ...(relevance !== undefined ? { relevance } : {}),
    ...(intro !== undefined ? { intro } : {}),
  };
  switch (type) {
    case 'onlychoice': {
      const options = readOptions(q.options, at(path, 'options'), issues);
      return options === null ? null : { ...base, type, options };
    }
    case 'yesnogroup': {
      const items = readYesNoGroup(q.yesnogroup, at(path, 'yesnogroup'), issues);
      return items === null ? null : { ...base, type, yesnogroup: items };
    }
    case 'botao_fim': {
      if (q.end !== 'finish' && q.end !== 'restart') {
        issues.error(at(path, 'end'), { code: 'end_action' });
        return null;
      }
      const label =
        q.button_label === undefined || q.button_label === null
          ? null
          : readString(q.button_label, at(path, 'button_label'), issues, { nonEmpty: true });
      const hasButton = q.end === 'finish' || label !== null;
      if (hasButton && text.trim() === '') {
        issues.error(at(path, 'question'), { code: 'end_needs_text' });
      }
      return { ...base, type, end: q.end, button_label: label };
    }
    case 'cep_address_lookup': {
      const points = readNearSetting(q, 'points', path, issues);
      const radius = readNearSetting(q, 'radius_km', path, issues);
      if (points === null || radius === null) return null;
      return {
        ...base,
        type,
        ...(points !== undefined ? { points } : {}),
        ...(radius !== undefined ? { radius_km: radius } : {}),
      };
    }
    case 'yesno':
    case 'text':
    case 'displaytext':
      return { ...base, type };
  }
}

/**
 * A CEP question's `points` or `radius_km`: absent (the default), or a whole number within its
 * limits. Null when it is wrong (reported with its path).
 */
function readNearSetting(
  q: Record<string, unknown>,
  key: keyof typeof NEAR_WANTED_LIMITS,
  path: string,
  issues: Issues,
): number | undefined | null {
  if (q[key] === undefined) return undefined;
  return readInteger(q[key], at(path, key), issues, NEAR_WANTED_LIMITS[key]);
}

function readOptions(value: unknown, path: string, issues: Issues): ChoiceOption[] | null {
  const list = readArray(value, path, issues);
  if (list === null) return null;
  if (list.length === 0) issues.error(path, { code: 'no_options' });
  const options = list.map((o, i) => {
    const p = at(path, i);
    const option = readObject(o, p, issues);
    if (option === null) return null;
    checkKeys(option, ['value', 'label'], p, issues);
    const v = readString(option.value, at(p, 'value'), issues, { nonEmpty: true });
    const label = readString(option.label, at(p, 'label'), issues, { nonEmpty: true });
    if (label !== null) checkTemplate(label, at(p, 'label'), issues);
    return v === null || label === null ? null : { value: v, label };
  });
  return options.some((o) => o === null) || list.length === 0 ? null : options.filter((o) => o !== null);
}

function readYesNoGroup(value: unknown, path: string, issues: Issues): YesNoGroupItem[] | null {
  const list = readArray(value, path, issues);
  if (list === null) return null;
  if (list.length === 0) issues.error(path, { code: 'no_items' });
  const powers = new Set<number>();
  const refs = new Set<string>();
  const items = list.map((it, i) => {
    const p = at(path, i);
    const item = readObject(it, p, issues);
    if (item === null) return null;
    checkKeys(item, ['question', 'power2answer', 'referencia'], p, issues);
    const question = readString(item.question, at(p, 'question'), issues, { nonEmpty: true });
    const power = readInteger(item.power2answer, at(p, 'power2answer'), issues, { min: 1 });
    const referencia = readString(item.referencia, at(p, 'referencia'), issues, { nonEmpty: true });
    if (question !== null) checkTemplate(question, at(p, 'question'), issues);
    if (power !== null) {
      if ((power & (power - 1)) !== 0)
        issues.error(at(p, 'power2answer'), { code: 'not_power_of_two', params: { power } });
      else if (powers.has(power))
        issues.error(at(p, 'power2answer'), { code: 'power_twice', params: { power } });
      powers.add(power);
    }
    if (referencia !== null) {
      if (refs.has(referencia))
        issues.error(at(p, 'referencia'), { code: 'referencia_twice', params: { referencia } });
      refs.add(referencia);
    }
    return question === null || power === null || referencia === null
      ? null
      : { question, power2answer: power, referencia };
  });
  return items.some((item) => item === null) || list.length === 0
    ? null
    : items.filter((item) => item !== null);
}

/** A relevance must parse; the error keeps its position. */
export function checkExpression(source: string, path: string, issues: Issues, row?: number): void {
  const parsed = parse(source);
  if (parsed.ok) return;
  const { offset, line, column, message, code, params } = parsed.error;
  issues.error(
    path,
    { code: 'relevance_syntax', params: { line, column, detail: message } },
    { position: { offset, line, column }, cause: { code, params }, ...(row !== undefined ? { row } : {}) },
  );
}

/** `[% %]` placeholders must parse. */
export function checkTemplate(text: string, path: string, issues: Issues, row?: number): void {
  for (const error of parseTemplate(text).errors) {
    const { offset, line, column, message, code, params } = error;
    issues.error(
      path,
      { code: 'placeholder_syntax', params: { line, column, detail: message } },
      { position: { offset, line, column }, cause: { code, params }, ...(row !== undefined ? { row } : {}) },
    );
  }
}

function checkDuplicates(
  values: readonly string[],
  pathOf: (i: number) => string,
  problem: (value: string) => BotProblem,
  issues: Issues,
) {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) issues.error(pathOf(i), problem(value));
    seen.add(value);
  });
}

/** Targets exist, codes are unique, every node can be reached from `entry` or `welcome_back`. */
function checkGraph(
  bot: ReadBot,
  rawBot: unknown,
  questionnaireIds: readonly string[],
  issues: Issues,
): void {
  const rawNodes = isRecord(rawBot) && Array.isArray(rawBot.nodes) ? rawBot.nodes : [];
  const declared = rawNodes.map((n) => (isRecord(n) && typeof n.code === 'string' ? n.code : ''));
  checkDuplicates(
    declared,
    (i) => at(at(at('bot', 'nodes'), i), 'code'),
    (code) => ({ code: 'duplicate_node_code', params: { code } }),
    issues,
  );
  const known = new Set(declared.filter((code) => code !== ''));
  const { config } = bot;
  if (!known.has(config.entry))
    issues.error('bot.entry', { code: 'unknown_node', params: { code: config.entry } });
  if (!known.has(config.welcome_back))
    issues.error('bot.welcome_back', { code: 'unknown_node', params: { code: config.welcome_back } });
  const restart = config.restart_questionnaire;
  if (restart !== null && !questionnaireIds.includes(restart)) {
    issues.error('bot.restart_questionnaire', { code: 'unknown_questionnaire', params: { id: restart } });
  }
  bot.nodes.forEach((node, i) => {
    if (node === null) return;
    const path = at(at('bot', 'nodes'), i);
    if (node.type === 'questionnaire') {
      if (!questionnaireIds.includes(node.questionnaire_id)) {
        issues.error(at(path, 'questionnaire_id'), {
          code: 'unknown_questionnaire',
          params: { id: node.questionnaire_id },
        });
      }
      return;
    }
    node.quick_replies.forEach((reply, j) => {
      if (!known.has(reply.metadata)) {
        issues.error(at(at(at(path, 'quick_replies'), j), 'metadata'), {
          code: 'unknown_target',
          params: { code: reply.metadata },
        });
      }
    });
  });
  const reachable = new Set<string>();
  const queue = [config.entry, config.welcome_back];
  for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
    if (reachable.has(code)) continue;
    reachable.add(code);
    const node = config.nodes.find((n) => n.code === code);
    if (node?.type === 'text_message') queue.push(...node.quick_replies.map((r) => r.metadata));
  }
  bot.nodes.forEach((node, i) => {
    if (node !== null && !reachable.has(node.code)) {
      issues.error(at(at('bot', 'nodes'), i), { code: 'unreachable', params: { code: node.code } });
    }
  });
}

/** Button counts and label lengths against one channel's limits. */
function checkChannel(
  channel: ChannelName,
  bot: ReadBot | null,
  questionnaires: readonly (ReadQuestionnaire | null)[],
  issues: Issues,
): void {
  const limits = CHANNEL_LIMITS[channel];
  if (limits === null) return;
  const checkList = (labels: readonly { label: string; path: string }[], path: string) => {
    if (labels.length > limits.maxOptions) {
      issues.error(path, {
        code: 'too_many_buttons',
        params: { count: labels.length, channel, max: limits.maxOptions },
      });
    }
    for (const { label, path: labelPath } of labels) {
      if (labelLength(label) > limits.maxLabel) {
        issues.error(labelPath, {
          code: 'label_too_long',
          params: { length: labelLength(label), channel, max: limits.maxLabel },
        });
      }
    }
  };
  const labels = { ...DEFAULT_LABELS, ...bot?.config.labels };
  for (const key of Object.keys(labels) as (keyof SystemLabels)[]) {
    checkList([{ label: labels[key], path: `bot.labels.${key}` }], 'bot.labels');
  }
  bot?.nodes.forEach((node, i) => {
    if (node?.type !== 'text_message') return;
    const path = at(at(at('bot', 'nodes'), i), 'quick_replies');
    checkList(
      node.quick_replies.map((r, j) => ({ label: r.label, path: at(at(path, j), 'label') })),
      path,
    );
  });
  questionnaires.forEach((q, i) => {
    q?.questions.forEach((question, j) => {
      const path = at(at(at('questionnaires', i), 'questions'), j);
      if (question?.type === 'onlychoice') {
        const p = at(path, 'options');
        checkList(
          question.options.map((o, k) => ({ label: o.label, path: at(at(p, k), 'label') })),
          p,
        );
      } else if (question?.type === 'botao_fim' && question.button_label) {
        checkList([{ label: question.button_label, path: at(path, 'button_label') }], path);
      }
    });
  });
}
