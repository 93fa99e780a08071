import type { MessageOption } from './messages.js';

/** Lower case, accents removed, spaces trimmed and collapsed. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `normalise`, then only letters, digits and single spaces (drops emoji and punctuation). */
function bare(text: string): string {
  return normalise(text)
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/ +/g, ' ')
    .trim();
}

/**
 * The option a typed text stands for: its label (ignoring case and accents; then also ignoring
 * emoji and punctuation, so "sim" picks "👍 Sim"), or its 1-based number ("2", "2.").
 */
export function matchOption(text: string, options: readonly MessageOption[]): MessageOption | null {
  const typed = normalise(text);
  if (typed === '') return null;
  const exact = options.find((option) => normalise(option.label) === typed);
  if (exact) return exact;
  const typedBare = bare(text);
  if (typedBare !== '') {
    const loose = options.find((option) => bare(option.label) === typedBare);
    if (loose) return loose;
  }
  if (/^\d{1,3}$/.test(typedBare)) return options[Number(typedBare) - 1] ?? null;
  return null;
}

/** A restart keyword, trimmed, case- and accent-insensitive ("Reiniciar ", "RECOMEÇAR"). */
export function isRestartKeyword(text: string, keywords: readonly string[]): boolean {
  const typed = normalise(text);
  return typed !== '' && keywords.some((keyword) => normalise(keyword) === typed);
}

/**
 * For simulators and scripted tests (`{"choose": "<label or 1-based index>"}`): the option with
 * exactly that label, else the one at that 1-based position. Typed text goes through
 * `matchOption` inside the engine instead.
 */
export function pickOption(options: readonly MessageOption[], choose: string): MessageOption | null {
  const exact = options.find((option) => option.label === choose);
  if (exact) return exact;
  return /^\d{1,3}$/.test(choose.trim()) ? (options[Number(choose.trim()) - 1] ?? null) : null;
}
