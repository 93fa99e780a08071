import type { LookupResult } from './questionnaire/cep.js';

/** A message from the user, as a channel adapter normalises it. */
export type Inbound =
  | { readonly kind: 'text'; readonly text: string }
  /** A button press; `value` is the option's value as sent (see choices.ts). */
  | { readonly kind: 'choose'; readonly value: string };

/** What starts a first conversation: an inbound message (its content is not used). */
export interface Trigger {
  readonly kind: 'inbound';
  readonly input: Inbound;
}

/** What continues a conversation. */
export type Resume =
  | Inbound
  /** Given by the host when the returned deadline has passed. */
  | { readonly kind: 'timeout' }
  /** Answer to a `lookup` effect. */
  | { readonly kind: 'lookup_result'; readonly cep: string; readonly result: LookupResult };
