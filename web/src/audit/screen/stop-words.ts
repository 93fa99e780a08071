/**
 * Words with which contacts ask to stop receiving texts, in English and Portuguese. Matched as whole
 * words, ignoring case and accents ("PARE", "Sáir" and "stop!" all match; "stopped" and "endless" do not).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'stop',
  'unsubscribe',
  'cancel',
  'quit',
  'end',
  'remove',
  'pare',
  'parar',
  'sair',
  'cancelar',
  'descadastrar',
]);

/** A run of text, flagged when it is a stop word. */
export interface TextSegment {
  text: string;
  /** Where the run starts in the original text (a stable React key). */
  start: number;
  stop: boolean;
}

// Letters, combining marks and digits make up a word; anything else separates words.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower case without accents: "SAÍR" → "sair". */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Splits `text` into runs, each stop word on its own and flagged. Joining the runs gives back `text`
 * exactly, so the caller can render every run as a React text node and keep the original characters.
 */
export function splitStopWords(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!STOP_WORDS.has(foldWord(match[0]))) continue;
    if (match.index > last) segments.push({ text: text.slice(last, match.index), start: last, stop: false });
    segments.push({ text: match[0], start: match.index, stop: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), start: last, stop: false });
  return segments;
}

export function hasStopWord(text: string): boolean {
  for (const match of text.matchAll(WORD)) {
    if (STOP_WORDS.has(foldWord(match[0]))) return true;
  }
  return false;
}
