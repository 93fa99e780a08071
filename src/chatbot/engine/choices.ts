/**
 * What a button means. Buttons carry a short string (`value`) that channels hand back unchanged
 * (Twitter quick-reply metadata, Telegram callback data); this module is its only codec.
 */
export type Choice =
  /** A decision-tree quick reply: go to that node. */
  | { readonly kind: 'node'; readonly node: string }
  /** An answer to a questionnaire item (option index, Y/N, or 1 for an end button). */
  | { readonly kind: 'answer'; readonly ref: string; readonly value: string }
  /** The exit button: give up and start again. */
  | { readonly kind: 'exit' }
  /** "Back to start" after a finished questionnaire. */
  | { readonly kind: 'back_to_start' };

export function encodeChoice(choice: Choice): string {
  switch (choice.kind) {
    case 'node':
      return `n:${choice.node}`;
    case 'answer':
      return `a:${choice.ref}:${choice.value}`;
    case 'exit':
      return 'x';
    case 'back_to_start':
      return 'b';
  }
}

export function decodeChoice(value: string): Choice | null {
  if (value === 'x') return { kind: 'exit' };
  if (value === 'b') return { kind: 'back_to_start' };
  if (value.startsWith('n:') && value.length > 2) return { kind: 'node', node: value.slice(2) };
  if (value.startsWith('a:')) {
    const rest = value.slice(2);
    const colon = rest.indexOf(':');
    if (colon > 0) return { kind: 'answer', ref: rest.slice(0, colon), value: rest.slice(colon + 1) };
  }
  return null;
}
