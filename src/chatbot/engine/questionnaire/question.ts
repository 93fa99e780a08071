/** A questionnaire as authored: questions in the order they are asked. */
export interface Questionnaire {
  readonly id: string;
  readonly name: string;
  readonly questions: readonly Question[];
}

interface QuestionBase {
  /** Answers are stored under this code; option values of the PenhaS idiom name it. */
  readonly code: string;
  /** Text sent; may contain `[% code %]` placeholders. */
  readonly question: string;
  /** Relevance expression (docs/chatbot.md, "Relevance language"); absent means `1`. */
  readonly relevance?: string;
  /** Texts sent before the question, with the question's relevance. */
  readonly intro?: readonly string[];
}

export interface ChoiceOption {
  /** Stored as the answer; in the PenhaS idiom, the code of the next question. */
  readonly value: string;
  readonly label: string;
}

export interface YesNoGroupItem {
  readonly question: string;
  /** A distinct power of two; the group's answer is the sum over the "yes" items. */
  readonly power2answer: number;
  /** Each answer is stored under `<code>_<referencia>`. */
  readonly referencia: string;
}

export type Question =
  | (QuestionBase & { readonly type: 'onlychoice'; readonly options: readonly ChoiceOption[] })
  | (QuestionBase & { readonly type: 'yesno' })
  | (QuestionBase & { readonly type: 'yesnogroup'; readonly yesnogroup: readonly YesNoGroupItem[] })
  | (QuestionBase & { readonly type: 'text' })
  | (QuestionBase & { readonly type: 'displaytext' })
  | (QuestionBase & {
      readonly type: 'botao_fim';
      /**
       * `finish`: send the text with a "back to start" button and end the conversation.
       * `restart`: with a `button_label`, send the text and that button, which starts
       * `restart_questionnaire` in a new conversation; without one, send the text (if any) and
       * restart at once (PenhaS's RESET_ buttons, imported with an empty text, send nothing).
       */
      readonly end: 'finish' | 'restart';
      readonly button_label?: string | null;
    })
  | (QuestionBase & {
      readonly type: 'cep_address_lookup';
      /** Support points listed at most (1–10; absent: 3). */
      readonly points?: number;
      /** Search radius in whole kilometres (1–5000; absent: 50). */
      readonly radius_km?: number;
    });

export type QuestionType = Question['type'];
