/**
 * The chatbot engine in the browser: it is pure (no I/O, no packages), so the studio runs the very
 * validator, relevance parser and rename the server runs — one source of truth.
 */
export {
  type BotBundle,
  type BotNode,
  type BundleDiff,
  CHANNEL_LIMITS,
  type ChannelName,
  type ChoiceOption,
  CODE_PATTERN,
  type Expr,
  type Issue,
  NEAR_WANTED_DEFAULTS,
  NEAR_WANTED_LIMITS,
  namesIn,
  parseRelevance,
  QUESTION_TYPES,
  type Question,
  type Questionnaire,
  type QuestionType,
  type RenamePlace,
  type RenameResult,
  renameQuestion,
  storedNames,
  type Validated,
  validateBundle,
  type YesNoGroupItem,
} from '../../../../src/chatbot/engine/index.js';
