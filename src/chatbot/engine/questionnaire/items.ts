import type { ChoiceOption } from './question.js';

/**
 * A questionnaire compiled for one session: each question becomes one or more items (intro texts,
 * one yes/no per group item, the CEP results after a CEP question). Sessions keep these items as a
 * snapshot, so editing a questionnaire never changes a conversation already running.
 */
interface ItemBase {
  /** Unique within the session; answer buttons carry it. */
  readonly ref: string;
  /** Code of the question the item comes from (`_self` in its relevance). */
  readonly code: string;
  readonly relevance: string;
}

export type QuizItem =
  | (ItemBase & { readonly kind: 'intro'; readonly text: string })
  | (ItemBase & { readonly kind: 'displaytext'; readonly text: string })
  | (ItemBase & {
      readonly kind: 'onlychoice';
      readonly text: string;
      readonly options: readonly ChoiceOption[];
    })
  | (ItemBase & { readonly kind: 'yesno'; readonly text: string })
  | (ItemBase & {
      readonly kind: 'yesnogroup_item';
      readonly text: string;
      readonly referencia: string;
      readonly power2answer: number;
    })
  | (ItemBase & { readonly kind: 'text'; readonly text: string })
  | (ItemBase & {
      readonly kind: 'cep_address_lookup';
      readonly text: string;
      /** The question's settings; absent in sessions stored before they existed (defaults). */
      readonly points?: number;
      readonly radius_km?: number;
    })
  | (ItemBase & { readonly kind: 'cep_results' })
  | (ItemBase & {
      readonly kind: 'botao_fim';
      readonly text: string;
      readonly end: 'finish' | 'restart';
      readonly button_label: string | null;
    });

export type ItemKind = QuizItem['kind'];
export type ItemOf<K extends ItemKind> = Extract<QuizItem, { kind: K }>;

/** An item pulled into `current`, with whether it was visible when last shown. */
export interface CurrentEntry {
  readonly item: QuizItem;
  readonly visible: boolean;
}

/** Plain JSON: stored inside the conversation state. */
export interface QuizSession {
  readonly questionnaire_id: string;
  /** Items not yet pulled, in order. */
  readonly pending: readonly QuizItem[];
  /** Items pulled and not yet answered. */
  readonly current: readonly CurrentEntry[];
  readonly responses: Readonly<Record<string, string | number>>;
  /** Set while the CEP lookup of an answer is being done by the host. */
  readonly lookup: { readonly ref: string; readonly cep: string } | null;
}
