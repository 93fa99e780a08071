/**
 * The pure chatbot engine (docs/chatbot.md): decision trees, questionnaires, the relevance
 * language, the PenhaS importer and config validation. No I/O: time and outside work (the CEP
 * lookup) are inputs. These named exports are the engine's contract with the rest of Parley.
 */
export type {
  BotBundle,
  BotConfig,
  BotNode,
  QuestionnaireNode,
  QuickReply,
  SystemLabels,
  TagCodeConfig,
  TextMessageNode,
} from './bot.js';
export { DEFAULT_LABELS } from './bot.js';
export type { ChannelName } from './channels.js';
export { CHANNEL_LIMITS } from './channels.js';
export type { Choice } from './choices.js';
export { decodeChoice, encodeChoice } from './choices.js';
export type {
  BundleDiff,
  FieldChange,
  KeyedChange,
  ListDiff,
  NodeChange,
  NodeRef,
  QuestionChange,
  QuestionnaireChange,
  QuestionnaireRef,
  QuestionRef,
} from './diff.js';
export { diffBundles, isEmptyDiff, sameValue } from './diff.js';
export type { Effect } from './effects.js';
export type { AnalyticsEvent, AnalyticsState, EndState } from './events.js';
export type { ConversationStart, TurnResult } from './flow/turn.js';
export type { Issue } from './json-read.js';
export type { MessageOption, OutgoingMessage } from './messages.js';
export type { Converted, PenhasImportOptions } from './penhas.js';
export { convertPenhas } from './penhas.js';
export type { BotProblem, BotProblemCode, JsonKind, ProblemCause, ProblemParams } from './problems.js';
export { BOT_PROBLEMS, englishProblem, JSON_KINDS } from './problems.js';
export type { LookupResult, NearWanted, SupportPoint } from './questionnaire/cep.js';
export { NEAR_WANTED_DEFAULTS, NEAR_WANTED_LIMITS, nearWanted } from './questionnaire/cep.js';
export { waitingLookup } from './questionnaire/engine.js';
export type { QuizItem, QuizSession } from './questionnaire/items.js';
export { QUESTION_TYPES } from './questionnaire/kinds/index.js';
export type {
  ChoiceOption,
  Question,
  Questionnaire,
  QuestionType,
  YesNoGroupItem,
} from './questionnaire/question.js';
export type { CompareOp, Expr, LogicalOp } from './relevance/ast.js';
export type { RelevanceSyntaxError, SyntaxProblemCode } from './relevance/errors.js';
export { SYNTAX_PROBLEMS } from './relevance/errors.js';
export { isRelevant } from './relevance/evaluate.js';
export { interpolate, parseTemplate } from './relevance/interpolate.js';
export { parse as parseRelevance } from './relevance/parser.js';
export type { RenameBlocker, RenamePlace, RenameRefusal, RenameResult } from './rename.js';
export { CODE_PATTERN, namesIn, RESERVED_NAMES, renameQuestion, storedNames } from './rename.js';
export type { Inbound, Resume, Trigger } from './resumes.js';
export { resume, start } from './session.js';
export type { ConversationState, Position } from './state.js';
export { matchOption, pickOption } from './text-match.js';
export type { Validated, ValidateOptions } from './validate.js';
export { validateBundle } from './validate.js';
