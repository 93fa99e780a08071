/** A message for the user, before any channel-specific rendering. */
export interface OutgoingMessage {
  readonly text: string;
  /** Buttons (quick replies); `value` comes back in a `choose` input. */
  readonly options: readonly MessageOption[];
  /** A channel media id from the node config, if any. */
  readonly attachment: string | null;
}

export interface MessageOption {
  readonly label: string;
  /** Opaque to channels; see choices.ts. */
  readonly value: string;
}

export function message(
  text: string,
  options: readonly MessageOption[] = [],
  attachment: string | null = null,
) {
  return { text, options, attachment } satisfies OutgoingMessage;
}
