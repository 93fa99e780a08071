import type { Questionnaire } from './questionnaire/question.js';

/**
 * Parley's bot config (one immutable revision). Node roles are explicit keys, not array positions
 * as in PenhaS (see penhas.ts for the mapping).
 */
export interface BotConfig {
  /** First node of every new conversation. */
  readonly entry: string;
  /** Node shown after "back to start" at the end of a questionnaire. */
  readonly welcome_back: string;
  /** Questionnaire started again by a restart end button; null: restart at `entry`. */
  readonly restart_questionnaire: string | null;
  /** Idle time after which a conversation ends; 0 disables timeouts. */
  readonly timeout_seconds: number;
  readonly timeout_message: string;
  /** Sent with the current options when an input cannot be taken. */
  readonly error_msg: string;
  /** Typed words (trimmed, case- and accent-insensitive) that give up and start again. */
  readonly restart_keywords: readonly string[];
  /**
   * Sent (with a "back to start" button) when a questionnaire runs out of relevant questions
   * without an end button. Null or absent: nothing more is sent. Parley-only (PenhaS got stuck).
   */
  readonly end_message?: string | null;
  /** Labels of the buttons the engine adds itself; defaults in DEFAULT_LABELS. */
  readonly labels?: Partial<SystemLabels>;
  readonly nodes: readonly BotNode[];
  readonly tag_code_config: TagCodeConfig;
}

export type BotNode = TextMessageNode | QuestionnaireNode;

export interface TextMessageNode {
  readonly code: string;
  readonly type: 'text_message';
  /** Sent as one message, joined with line breaks (as PenhaS did). */
  readonly messages: readonly string[];
  /** Buttons; `metadata` is the code of the node the button leads to. */
  readonly quick_replies: readonly QuickReply[];
  /** A channel media id, passed through. */
  readonly attachment?: string | null;
}

export interface QuickReply {
  readonly label: string;
  readonly metadata: string;
}

export interface QuestionnaireNode {
  readonly code: string;
  readonly type: 'questionnaire';
  readonly questionnaire_id: string;
}

export interface TagCodeConfig {
  readonly default: number;
  readonly scenarios: readonly { readonly tag_code_value: number; readonly check_code: string }[];
}

export interface SystemLabels {
  /** The exit button offered when a typed answer is re-asked after an error. */
  readonly exit: string;
  /** The button after a finishing end button; leads to `welcome_back`. */
  readonly back_to_start: string;
  readonly yes: string;
  readonly no: string;
}

export const DEFAULT_LABELS: SystemLabels = {
  exit: '🔙 Sair',
  back_to_start: '🔃 Voltar ao início',
  yes: 'Sim',
  no: 'Não',
};

export function labelsOf(bot: BotConfig): SystemLabels {
  return { ...DEFAULT_LABELS, ...bot.labels };
}

/** A bot with its questionnaires: the unit that is validated, exported and imported. */
export interface BotBundle {
  readonly bot: BotConfig;
  readonly questionnaires: readonly Questionnaire[];
}

export function findNode(bot: BotConfig, code: string): BotNode | undefined {
  return bot.nodes.find((node) => node.code === code);
}

export function findQuestionnaire(
  questionnaires: readonly Questionnaire[],
  id: string,
): Questionnaire | undefined {
  return questionnaires.find((q) => q.id === id);
}
